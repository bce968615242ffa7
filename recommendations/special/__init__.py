"""Special procedures: country visits and communications (services, selectors, screens)."""
