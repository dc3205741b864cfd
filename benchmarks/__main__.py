"""python -m benchmarks: every nnlab benchmark, one after another, each figure beside its target.

Each one also runs on its own: python -m benchmarks.<name> (see benchmarks/README.md).
"""

from benchmarks import browser, engine, load, memory, play, rerender, time_to_model

if __name__ == "__main__":
    import sys

    sys.argv = sys.argv[:1]  # each part takes its defaults
    for part in (engine, time_to_model, rerender, browser, play):
        part.main()
        print()
    print(load.report(load.run(5)))
    print()
    sys.argv += ["--settings", "300"]
    memory.main()
