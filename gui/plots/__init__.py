"""Plot views of the design model (pyqtgraph): each builds its items once and calls setData."""
