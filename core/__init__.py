"""nnlab core: the PyTorch engine behind every page. It never imports streamlit."""

import torch

# Streamlit runs every session as a thread of one process; tiny models gain nothing from
# intra-op threads, and many sessions would oversubscribe the CPU.
torch.set_num_threads(1)
