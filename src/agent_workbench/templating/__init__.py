"""The Tera-on-Jinja environment and the render of an agent as AGPM installs it."""
