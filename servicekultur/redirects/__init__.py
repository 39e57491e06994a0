"""Old URLs that keep working: slug and item aliases, short links, imported URLs — one plan,
one collision check, one writer of static redirect pages."""
