"""The registry's REST API (/api/v1/): serializers, views, the rules permission class."""
