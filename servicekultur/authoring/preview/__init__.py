"""Live preview: re-render the saved document at once, regenerate the rest in the background."""
