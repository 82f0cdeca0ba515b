"""Analysis: sentence by sentence, how the versions relate (similarity, alignment, reuse, word diffs, the
story matrix), and the plots that show it.
"""
