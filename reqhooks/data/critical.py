"""The default critical libraries of the PIN rules: releases known to break their users.

A library belongs here when an upgrade nobody asked for routinely breaks working projects:
a new major (or, for 0.x projects, minor) release removes APIs, the wheels are built against
one exact version of a sibling package or of CUDA, models or generated code saved with one
release do not load in the next, or one release has already broken many installs.  Fast-moving
but careful libraries (``requests``' 2.x line, for example) are left out unless an incident
earns them a place.

It is data, not logic: adding a library is one ``_entry(...)`` line.  Projects extend the list
with ``extend-critical`` and replace it with ``critical``.  This module imports only the
standard library, so that reading the settings never pulls in anything else.
"""

from __future__ import annotations

from reqhooks._names import canonical
from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = ["CRITICAL", "Critical", "canonical"]

_setattr = object.__setattr__


class Critical(Frozen):
    """A library whose unpinned upgrades are known to break users."""

    __slots__ = (
        "name",  # canonical PEP 503 name
        "reason",  # one line: what breaks when a new release slips in
        "source",  # changelog, migration guide or incident that shows it
    )

    name: str
    reason: str
    source: str

    def __init__(self, name: str, reason: str, source: str) -> None:
        _setattr(self, "name", name)
        _setattr(self, "reason", reason)
        _setattr(self, "source", source)


def _entry(name: str, reason: str, source: str) -> tuple[str, Critical]:
    return name, Critical(name, reason, source)


CRITICAL: Final[dict[str, Critical]] = dict(
    (
        # Deep learning frameworks and their compiled companions.
        _entry(
            "torch",
            "each release is built for specific CUDA versions and drops old ones; minor releases"
            " change operator behaviour",
            "https://github.com/pytorch/pytorch/blob/main/RELEASE.md",
        ),
        _entry(
            "torchvision",
            "each release is compiled against exactly one torch release and fails to load with"
            " any other",
            "https://github.com/pytorch/vision#installation",
        ),
        _entry(
            "torchaudio",
            "extension modules are linked against one torch release; mixed releases cannot be"
            " used together",
            "https://docs.pytorch.org/audio/stable/installation.html",
        ),
        _entry(
            "triton",
            "each torch release requires one triton release; another one breaks torch.compile",
            "https://github.com/triton-lang/triton/releases",
        ),
        _entry(
            "tensorflow",
            "minor releases change the supported CUDA, cuDNN and Python versions and 2.16"
            " switched tf.keras to Keras 3",
            "https://www.tensorflow.org/install/source#gpu",
        ),
        _entry(
            "keras",
            "Keras 3 is a rewrite: tf.keras code, custom layers and saved models from Keras 2"
            " can fail",
            "https://keras.io/guides/migrating_to_keras_3/",
        ),
        _entry(
            "jax",
            "0.x releases may break APIs after a three-month deprecation, and jax must match"
            " its jaxlib",
            "https://docs.jax.dev/en/latest/api_compatibility.html",
        ),
        _entry(
            "jaxlib",
            "must be a release the installed jax supports, and its wheels are built for"
            " specific CUDA versions",
            "https://docs.jax.dev/en/latest/jep/9419-jax-versioning.html",
        ),
        _entry(
            "onnx",
            "new releases raise the default opset and IR version, which older runtimes refuse"
            " to load",
            "https://github.com/onnx/onnx/blob/main/docs/Versioning.md",
        ),
        _entry(
            "onnxruntime",
            "each release supports a fixed range of ONNX opsets and is built for specific"
            " CUDA versions",
            "https://onnxruntime.ai/docs/reference/compatibility.html",
        ),
        # Model libraries.
        _entry(
            "transformers",
            "minor releases change model defaults, generation and tokenizer behaviour, and"
            " remove deprecated arguments",
            "https://github.com/huggingface/transformers/releases",
        ),
        _entry(
            "tokenizers",
            "transformers accepts only a narrow tokenizers range, so a new minor release breaks"
            " the pair",
            "https://github.com/huggingface/transformers/blob/main/setup.py",
        ),
        _entry(
            "accelerate",
            "0.x minor releases change launcher, device-placement and distributed-training"
            " defaults",
            "https://github.com/huggingface/accelerate/releases",
        ),
        _entry(
            "diffusers",
            "pipelines and schedulers change arguments and outputs from one minor release to"
            " the next",
            "https://github.com/huggingface/diffusers/releases",
        ),
        _entry(
            "sentence-transformers",
            "3.0 replaced the training API and changed how models are loaded and saved",
            "https://sbert.net/docs/migration_guide.html",
        ),
        _entry(
            "vllm",
            "each release requires one exact torch release, and its APIs and engine arguments"
            " change every minor release",
            "https://github.com/vllm-project/vllm/releases",
        ),
        _entry(
            "spacy",
            "trained pipelines work only with the spaCy minor release they were trained for",
            "https://spacy.io/usage/models",
        ),
        # Scientific stack.
        _entry(
            "numpy",
            "2.0 changed the C ABI and removed aliases: extensions built for 1.x fail to import",
            "https://numpy.org/devdocs/numpy_2_0_migration_guide.html",
        ),
        _entry(
            "scipy",
            "deprecated APIs go after two minor releases, and each release supports a narrow"
            " numpy range",
            "https://docs.scipy.org/doc/scipy/dev/toolchain.html",
        ),
        _entry(
            "pandas",
            "2.0 removed long-deprecated APIs and 3.0 makes copy-on-write and the string dtype"
            " the default",
            "https://pandas.pydata.org/docs/whatsnew/v2.0.0.html",
        ),
        _entry(
            "pyarrow",
            "a new major release every few months changes the C++ ABI that other extensions"
            " link against",
            "https://arrow.apache.org/release/",
        ),
        _entry(
            "scikit-learn",
            "pickled models are not portable across releases, and deprecated parameters go"
            " after two minor releases",
            "https://scikit-learn.org/stable/model_persistence.html",
        ),
        _entry(
            "xgboost",
            "2.0 changed the default tree method and replaced gpu_id and gpu_hist with the"
            " device parameter",
            "https://github.com/dmlc/xgboost/releases/tag/v2.0.0",
        ),
        _entry(
            "lightgbm",
            "4.0 removed many arguments of train() and cv() and changed model defaults",
            "https://github.com/microsoft/LightGBM/releases/tag/v4.0.0",
        ),
        _entry(
            "numba",
            "each release supports a narrow range of numpy and Python versions and refuses"
            " the others at import",
            "https://numba.readthedocs.io/en/stable/user/installing.html#version-support-information",
        ),
        _entry(
            "opencv-python",
            "wheels are built against one numpy ABI, and releases change the bundled codecs and Qt",
            "https://github.com/opencv/opencv-python/releases",
        ),
        _entry(
            "pillow",
            "10.0 removed deprecated constants such as Image.ANTIALIAS used by much older code",
            "https://pillow.readthedocs.io/en/stable/releasenotes/10.0.0.html",
        ),
        _entry(
            "ray",
            "every node of a cluster must run the same release, and minor releases change"
            " library APIs",
            "https://github.com/ray-project/ray/releases",
        ),
        # LLM clients and frameworks.
        _entry(
            "langchain",
            "0.1, 0.2 and 0.3 moved integrations into separate packages and changed core imports",
            "https://python.langchain.com/docs/versions/v0_3/",
        ),
        _entry(
            "langchain-core",
            "0.x minor releases carry breaking changes that every langchain package must"
            " follow together",
            "https://python.langchain.com/docs/versions/release_policy/",
        ),
        _entry(
            "langchain-community",
            "integrations are deprecated and moved to partner packages between minor releases",
            "https://python.langchain.com/docs/versions/release_policy/",
        ),
        _entry(
            "openai",
            "1.0 replaced the module-level API with a client object, breaking all 0.x code",
            "https://github.com/openai/openai-python/discussions/742",
        ),
        _entry(
            "anthropic",
            "a 0.x SDK: minor releases may change types and method signatures",
            "https://github.com/anthropics/anthropic-sdk-python/blob/main/CHANGELOG.md",
        ),
        # Web frameworks and their foundations.
        _entry(
            "pydantic",
            "v2 is a rewrite: validators, config and serialisation APIs of v1 code break",
            "https://docs.pydantic.dev/latest/migration/",
        ),
        _entry(
            "pydantic-core",
            "each pydantic release requires one exact pydantic-core release",
            "https://github.com/pydantic/pydantic/blob/main/pyproject.toml",
        ),
        _entry(
            "fastapi",
            "0.x: minor releases carry breaking changes, such as the move to pydantic v2 in 0.100",
            "https://fastapi.tiangolo.com/release-notes/",
        ),
        _entry(
            "starlette",
            "0.x: minor releases remove APIs that fastapi and middleware packages rely on",
            "https://www.starlette.io/release-notes/",
        ),
        _entry(
            "httpx",
            "0.x: minor releases remove arguments, such as proxies and app in 0.28",
            "https://github.com/encode/httpx/blob/master/CHANGELOG.md",
        ),
        _entry(
            "django",
            "each feature release removes the APIs deprecated two releases before it",
            "https://docs.djangoproject.com/en/stable/internals/deprecation/",
        ),
        _entry(
            "flask",
            "major and minor releases remove deprecated APIs and require a matching werkzeug",
            "https://flask.palletsprojects.com/en/stable/changes/",
        ),
        _entry(
            "werkzeug",
            "3.0 removed helpers such as url_quote, breaking every Flask release before 2.2.5",
            "https://werkzeug.palletsprojects.com/en/stable/changes/",
        ),
        _entry(
            "jinja2",
            "3.0 and 3.1 removed deprecated APIs such as contextfunction and Markup re-exports",
            "https://jinja.palletsprojects.com/en/stable/changes/",
        ),
        _entry(
            "markupsafe",
            "2.1 removed soft_unicode, breaking every Jinja2 release before 3.0",
            "https://markupsafe.palletsprojects.com/en/stable/changes/",
        ),
        _entry(
            "marshmallow",
            "4.0 removed the context argument, implicit field creation and other 3.x APIs",
            "https://marshmallow.readthedocs.io/en/latest/upgrading.html",
        ),
        # Data stores and task queues.
        _entry(
            "sqlalchemy",
            "2.0 changed the Query, Session, engine and result APIs of 1.x code",
            "https://docs.sqlalchemy.org/en/20/changelog/migration_20.html",
        ),
        _entry(
            "alembic",
            "migration scripts and autogenerate depend on the release and the SQLAlchemy"
            " versions it supports",
            "https://alembic.sqlalchemy.org/en/latest/changelog.html",
        ),
        _entry(
            "celery",
            "major releases rename settings and change serialisation defaults; workers and"
            " producers must agree",
            "https://docs.celeryq.dev/en/stable/changelog.html",
        ),
        # Protocols, cloud SDKs and networking.
        _entry(
            "protobuf",
            "generated _pb2 modules fail with a runtime older than their protoc or from"
            " another major release",
            "https://protobuf.dev/support/cross-version-runtime-guarantee/",
        ),
        _entry(
            "grpcio",
            "stubs from a newer grpcio-tools refuse to import with an older grpcio runtime",
            "https://github.com/grpc/grpc/releases",
        ),
        _entry(
            "boto3",
            "released almost daily in lockstep with botocore, which it pins to a narrow range",
            "https://github.com/boto/boto3/blob/develop/CHANGELOG.rst",
        ),
        _entry(
            "botocore",
            "boto3, s3transfer and aiobotocore each accept only a narrow botocore range",
            "https://github.com/boto/botocore/blob/develop/CHANGELOG.rst",
        ),
        _entry(
            "urllib3",
            "2.0 removed deprecated APIs and dropped OpenSSL before 1.1.1, breaking older"
            " botocore and requests",
            "https://urllib3.readthedocs.io/en/stable/v2-migration-guide.html",
        ),
        _entry(
            "requests",
            "2.32.0 was yanked after its TLS and adapter changes broke docker-py and other clients",
            "https://github.com/psf/requests/blob/main/HISTORY.md",
        ),
        _entry(
            "cryptography",
            "releases drop OpenSSL versions and platforms, and since 3.4 building from source"
            " needs Rust",
            "https://cryptography.io/en/latest/changelog/",
        ),
        # Build tooling that projects import at run time.
        _entry(
            "setuptools",
            "major releases remove commands and behaviour that builds and pkg_resources users"
            " rely on",
            "https://setuptools.pypa.io/en/latest/history.html",
        ),
    )
)
