print("kpictl")
