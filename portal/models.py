"""The portal shell keeps no data of its own: roles are Django groups (portal/roles.py)."""
