"""The app's widgets, one per part of the screen."""
