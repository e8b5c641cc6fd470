"""The app's screens: main, help, confirm-unsaved, language selector, tokens."""
