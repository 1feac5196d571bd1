"""Starts moto server on a free loopback port (prints "Running on http://127.0.0.1:PORT").

With --fast-sqs, performance patches for moto 5.2.1's SQS, whose per-message costs grow with the
queue (AWS's do not), which makes a 1,000-message redrive loop quadratic: for every message a
receive returns or a send adds it re-reads every queue attribute and reads the clock through a
slow datetime path, and every delete scans the whole queue twice. The patches read the retention
period directly, read the clock with time.time(), and stop a delete at the message it deletes.
SQS semantics are unchanged. Every test moto server uses them (test/support/moto-server.ts), and so
does the redrive benchmark.
"""
import sys
import time


def patch_sqs():
    import moto.sqs.models as m

    unix_time, unix_time_millis = m.unix_time, m.unix_time_millis
    m.unix_time = lambda dt=None: time.time() if dt is None else unix_time(dt)
    m.unix_time_millis = lambda dt=None: time.time() * 1000.0 if dt is None else unix_time_millis(dt)

    def valid(self, queue_name, message):
        queue = self.get_queue(queue_name)
        return int(queue.message_retention_period) + message.sent_timestamp / 1000 > m.unix_time()

    m.SQSBackend.is_message_valid_based_on_retention_period = valid

    def delete_message(self, receipt_handle):
        # Same semantics as moto's Queue.delete_message, one pass that stops at the message.
        if receipt_handle in self.deleted_messages:
            return
        for i, message in enumerate(self._messages):
            if message.had_receipt_handle(receipt_handle):
                self.pending_messages.discard(message)
                self.deleted_messages.update(message.all_receipt_handles)
                del self._messages[i]
                return
        raise m.ReceiptHandleIsInvalid()

    m.Queue.delete_message = delete_message


if __name__ == "__main__":
    if "--fast-sqs" in sys.argv[1:]:
        patch_sqs()
    from moto.server import main

    sys.argv = ["moto_server", "-H", "127.0.0.1", "-p", "0"]
    main()
