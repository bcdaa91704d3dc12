"""The offline playground: the real bot against a simulated Discord, in the terminal."""
