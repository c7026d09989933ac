-- Need-help responses are shown on the HQ map by area; index their locations like every geometry.
CREATE INDEX inbox_items_response_location_gist ON inbox_items USING gist (response_location);
