"""The standalone PyTorch scripts behind every lecture page's "PyTorch code for these settings" panel: one module a
page (named by the page's slug), each built from the shared pieces in snippets. A script needs only torch, and
prints the numbers its page shows for the same settings; tests run them and compare."""
