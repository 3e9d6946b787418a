print("dcmveil")
