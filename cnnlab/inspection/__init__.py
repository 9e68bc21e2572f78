"""Looking inside a trained network: pure functions returning numpy arrays and dataclasses.

Nothing here imports Qt; ``ui.panels`` draws what these functions return.

The names below are imported when first used, so ``cnnlab --help`` does not load torch.
"""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.inspection.conv_kernels import ConvKernels, conv_layers, kernels
    from cnnlab.inspection.features import FeatureRow, class_feature_rows, feature_rows, map_layers, rgb_composite
    from cnnlab.inspection.gradcam import default_cam_layer, grad_cam, grad_cams, layer_sizes
    from cnnlab.inspection.hooks import activations, layer_outputs, leaf_layers
    from cnnlab.inspection.images import load_image
    from cnnlab.inspection.outcomes import (
        Confusion,
        Predictions,
        cell_indices,
        confusion,
        misclassified,
        predictions,
    )
    from cnnlab.inspection.roles import FIRES_RULE, KernelRoles, kernel_roles
    from cnnlab.inspection.samples import one_per_class, per_class_limit
    from cnnlab.inspection.subject import Subject

__all__ = [
    "FIRES_RULE",
    "Confusion",
    "ConvKernels",
    "FeatureRow",
    "KernelRoles",
    "Predictions",
    "Subject",
    "activations",
    "cell_indices",
    "class_feature_rows",
    "confusion",
    "conv_layers",
    "feature_rows",
    "default_cam_layer",
    "grad_cam",
    "grad_cams",
    "layer_sizes",
    "kernel_roles",
    "kernels",
    "layer_outputs",
    "leaf_layers",
    "load_image",
    "map_layers",
    "misclassified",
    "one_per_class",
    "per_class_limit",
    "predictions",
    "rgb_composite",
]
_HOMES = {
    "ConvKernels": "conv_kernels",
    "conv_layers": "conv_kernels",
    "kernels": "conv_kernels",
    "FeatureRow": "features",
    "class_feature_rows": "features",
    "feature_rows": "features",
    "map_layers": "features",
    "rgb_composite": "features",
    "default_cam_layer": "gradcam",
    "grad_cam": "gradcam",
    "grad_cams": "gradcam",
    "layer_sizes": "gradcam",
    "activations": "hooks",
    "layer_outputs": "hooks",
    "leaf_layers": "hooks",
    "load_image": "images",
    "Confusion": "outcomes",
    "Predictions": "outcomes",
    "cell_indices": "outcomes",
    "confusion": "outcomes",
    "misclassified": "outcomes",
    "predictions": "outcomes",
    "FIRES_RULE": "roles",
    "KernelRoles": "roles",
    "kernel_roles": "roles",
    "one_per_class": "samples",
    "per_class_limit": "samples",
    "Subject": "subject",
}
__getattr__ = lazy_attributes(__name__, _HOMES)
