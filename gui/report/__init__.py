"""Design reports: PDF and self-contained HTML, from the app and from the command line."""
