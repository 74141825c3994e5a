"""Send a batch of notifications (order confirmations, password resets) through a
mail gateway that is slow and sometimes says no.

`send_all` sends several messages at a time on a thread pool. The caller needs to
know which messages did not go out, so it can retry them or tell a human.
"""

from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message with `send(message)`, several at a time.

    Returns the number of messages sent. If the gateway raises for some messages,
    every other message is still sent, and then DeliveryFailed is raised naming
    every message that failed.
    """
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for message in messages:
            # TODO: when the gateway rejects a message, nobody ever hears about it;
            # the caller is told everything went out.
            pool.submit(send, message)
    return len(messages)
