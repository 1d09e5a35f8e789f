"""The Marketplace Helpdesk API dialect (``/public/v1/...``)."""

from fastapi import APIRouter

from helpdesk.api.marketplace.errors import MARKETPLACE_ERRORS
from helpdesk.api.marketplace.routes import contacts

router = APIRouter()
router.include_router(contacts.router)

__all__ = ["MARKETPLACE_ERRORS", "router"]
