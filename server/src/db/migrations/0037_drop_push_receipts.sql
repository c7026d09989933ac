-- A push message's receipt now carries a token signed by the server (delivery id + HMAC), and the
-- receipt route marks that delivery row delivered at once, as other channels' receipts do. The
-- table of unsigned receipts kept by delivery id alone had no reader; its rows proved nothing
-- (delivery ids are sequential), so they are dropped, not carried over.
DROP TABLE IF EXISTS push_receipts;
