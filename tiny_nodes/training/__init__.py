"""What builds the node models, on the hub: training (torch), compression (torch, sklearn), int8
quantisation (onnx, onnxruntime) and the artifact builders. Nothing on a node imports this package."""
