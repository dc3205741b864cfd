"""python -m benchmarks: every nnlab benchmark, one after another."""

from benchmarks import rerender, train_step

if __name__ == "__main__":
    train_step.main()
    print()
    rerender.main()
