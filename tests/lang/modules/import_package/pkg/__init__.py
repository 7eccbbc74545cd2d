print("pkg/__init__ runs")
PKG_CONSTANT = "from pkg __init__"
