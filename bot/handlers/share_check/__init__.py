""""Mag ik dit delen?": recognise a concrete sharing question, ask what matters, give a verdict."""
from bot.handlers.share_check.detect import detect, find_channel, find_data, find_recipient
from bot.handlers.share_check.handler import ShareCheckHandler, settled_no, verdict_reply

__all__ = ["ShareCheckHandler", "detect", "find_channel", "find_data", "find_recipient", "settled_no", "verdict_reply"]
