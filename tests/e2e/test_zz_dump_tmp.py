from discord import app_commands
from tests.conftest import World

async def test_dump(world: World) -> None:
    for command in world.bot.tree.walk_commands():
        if isinstance(command, app_commands.Command):
            for p in command._params.values():
                if p.type.name == "string":
                    print("OPT", command.qualified_name, p.name, bool(p.choices), p.autocomplete is not None, type(p._annotation).__name__, p.min_value, p.max_value, p.required)
