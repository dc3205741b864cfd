"""Saving what a learner trained: weights as a .pt file."""

import io

import torch


def state_dict_bytes(model: torch.nn.Module) -> bytes:
    """The model's state_dict as the bytes of a .pt file (torch.save)."""
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    return buf.getvalue()


def load_state_dict_bytes(data: bytes) -> dict:
    """Read a .pt state_dict safely: weights_only=True never runs code from the file."""
    return torch.load(io.BytesIO(data), weights_only=True)
