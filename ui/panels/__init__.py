"""Small page fragments (pure render functions taking an Actor) that pages embed where they fit.

Each calls its service and shows the result; none owns navigation or session state beyond its own widget keys.
"""
