"""The standalone PyTorch scripts behind every lecture page's "PyTorch code for these settings" panel: one module a
page (named by the page's slug), each built from the shared pieces in snippets. A script needs only torch, and
prints the numbers its page shows for the same settings; tests run them and compare.

Each script marks its natural steps (imports and settings, data, model, training, results) with `# %% title` lines
(snippets.step): editors that read the percent format run it step by step there, and the code panel's notebook
download (ui/notebook.py) makes each step a cell. The markers are comments: a script prints the same without them."""
