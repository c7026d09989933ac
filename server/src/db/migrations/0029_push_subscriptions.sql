-- Web Push subscriptions (RFC 8030/8291): one row per browser or installed app that asked to be
-- woken for warnings, notices and application changes. Subscribing is the consent for this
-- channel on that device; unsubscribing, signing out of the device or the push service answering
-- 404/410 removes the row.
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The push service's URL for this device: a capability, so it is never logged.
  endpoint text NOT NULL CHECK (endpoint ~ '^https?://' AND length(endpoint) <= 2048),
  -- The device's P-256 public key and auth secret (base64url), for the payload encryption.
  p256dh text NOT NULL CHECK (length(p256dh) BETWEEN 80 AND 100),
  auth text NOT NULL CHECK (length(auth) BETWEEN 16 AND 32),
  -- A label the person recognises in their device list ("Chrome on Android"), never the full UA.
  device_label text NOT NULL DEFAULT '' CHECK (length(device_label) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  -- Consecutive failed sends; reset by a success.
  failures int NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX push_subscriptions_endpoint_key ON push_subscriptions (endpoint);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

-- Receipts the service worker reports when a push message reached the device and was shown. The
-- route needs no session (a warning often arrives long after the last sign-in): possession of the
-- delivery id, which only the device that decrypted the message learns, is the proof. Escalation
-- reads them to mark the delivery delivered and deletes them once it has.
CREATE TABLE push_receipts (
  delivery_id text PRIMARY KEY CHECK (length(delivery_id) BETWEEN 1 AND 200),
  received_at timestamptz NOT NULL DEFAULT now()
);
