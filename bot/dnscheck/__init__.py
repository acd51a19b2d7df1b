"""Live DNS checks of a sending domain, its recipient platform and a sending IP's block lists."""
