"""What may be published on the web hub: guild consent, public channels, members' names."""
