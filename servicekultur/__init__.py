"""Servicekultur-Wissensbasis: logic shared by the Pelican build and the web service."""
