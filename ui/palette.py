"""nnlab's colours, Okabe-Ito: distinguishable with every common colour-vision deficiency. A module of its
own so that pages drawing without Altair (the home page) need not import it."""

BLUE, ORANGE, VERMILLION, GREEN, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#999999"
