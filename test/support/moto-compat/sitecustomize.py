# Loaded at start-up by the moto server that test/support/aws-emulator.ts starts from a moto source
# tree on Debian's python3 (it puts this folder on PYTHONPATH).
#
# Debian 12's botocore (1.29) predates S3's TransitionDefaultMinimumObjectSize header (2024). moto
# answers with botocore's service model, so GetBucketLifecycleConfiguration leaves the header out,
# and the AWS provider, which compares it with what it sent, waits for it until its 3-minute
# timeout. This adds the member to the S3 model where it is missing; a botocore that has it is
# left as it is.
import botocore.loaders

_HEADER = "x-amz-transition-default-minimum-object-size"
_SHAPES_WITH_HEADER = (
    "GetBucketLifecycleConfigurationOutput",
    "PutBucketLifecycleConfigurationRequest",
    "PutBucketLifecycleConfigurationOutput",
)
_load_service_model = botocore.loaders.Loader.load_service_model


def _with_minimum_object_size(self, service_name, type_name, api_version=None):
    model = _load_service_model(self, service_name, type_name, api_version)
    if service_name == "s3" and type_name == "service-2":
        shapes = model["shapes"]
        shapes.setdefault(
            "TransitionDefaultMinimumObjectSize",
            {"type": "string", "enum": ["varies_by_storage_class", "all_storage_classes_128K"]},
        )
        for name in _SHAPES_WITH_HEADER:
            members = shapes.get(name, {}).get("members")
            if members is not None:
                members.setdefault(
                    "TransitionDefaultMinimumObjectSize",
                    {"shape": "TransitionDefaultMinimumObjectSize", "location": "header", "locationName": _HEADER},
                )
    return model


botocore.loaders.Loader.load_service_model = _with_minimum_object_size
