"""Small text formatters for what pages print (no maths here, only presentation)."""


def num(v: float, digits: int = 4) -> str:
    """A number as a learner reads it: a real minus sign, no trailing zeros."""
    return f"{v:.{digits}g}".replace("-", "−")


def linear_form(w0: float, terms: list[tuple[float, str]]) -> str:
    """w0 + w1 x1 + w2 x2 written with signs folded in: "1 + 3x₁ − 2x₂"."""
    out = num(w0)
    for w, name in terms:
        if w == 0:
            continue
        mag = "" if abs(w) == 1 else num(abs(w))
        out += f" {'−' if w < 0 else '+'} {mag}{name}"
    return out


def bmatrix(rows: list[list[float]], digits: int = 4) -> str:
    """A matrix as LaTeX: \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}, with real minus signs."""
    body = r" \\ ".join(" & ".join(f"{v:.{digits}g}" for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def sub(i: int) -> str:
    """An index as subscript digits: 12 -> ₁₂."""
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
