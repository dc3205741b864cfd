# nnlab in a container: a Hugging Face Space (Docker SDK) or any host that runs a container image.
# Not built in CI (the development machines have no container engine): keep it minimal and standard.
FROM python:3.11-slim

# Hugging Face Spaces run the container as UID 1000; so does this image everywhere.
RUN useradd --create-home --uid 1000 user
WORKDIR /home/user/app

# The CPU-only torch build from PyTorch's own index (PyPI's Linux wheel pulls gigabytes of CUDA
# libraries); requirements.txt's torch==2.13.0 pin is then already satisfied by 2.13.0+cpu.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY --chown=user requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=user . .

USER user
ENV OMP_NUM_THREADS=1
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
