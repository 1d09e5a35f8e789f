"""UVdesk routes, one module per area. Path ids use the ``:id`` converter."""

from helpdesk.api.uvdesk.path_ids import register

register()
