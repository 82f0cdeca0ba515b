"""Tables → pages: run the notebooks, clean every fragment, wrap pages, write the index. The only stage
that writes HTML.
"""
