"""Wrong: failures are logged with their traceback and the count of sent messages returned, so the caller never gets DeliveryFailed."""

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    sent = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        message_of = {pool.submit(send, message): message for message in messages}
        for future in as_completed(message_of):
            try:
                future.result()
                sent += 1
            except Exception:
                logger.exception("could not send %r", message_of[future])
    return sent
