-- Streaming input (issue #8): queue messages that were not usable S3 notifications, kept with the reason.

CREATE TABLE dead_letters (
  id            text PRIMARY KEY,
  queue         text NOT NULL,
  reason        text NOT NULL,
  message       text NOT NULL,
  body          text NOT NULL,
  sent_at       timestamptz NOT NULL,
  received_at   timestamptz NOT NULL
);

CREATE INDEX dead_letters_received_idx ON dead_letters (received_at DESC);
