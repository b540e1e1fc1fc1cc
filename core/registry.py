"""The registry of content models: the records visitors see, organisers edit and staff load.

Each app marks its content models with ``@content_model``, in load order: a model after every
model it refers to (apps register in ``INSTALLED_APPS`` order, models in the order they are
defined). The registry is the one list of them:

- the content version (``core.content``) counts a change to any of them;
- ``setup_roles`` gives the Organisers group their permissions;
- the data tools (``datafiles``) load and export them, in this order;
- the tests walk them.

Lower floors never import the apps that register here; they ask the registry.
"""

_models = []


def content_model(model):
    """Class decorator: register ``model`` as content."""
    if model not in _models:
        _models.append(model)
    return model


def content_models():
    """The registered models, in load order."""
    return tuple(_models)


def content_labels():
    """The registered models' labels (``exhibitions.country``), in load order."""
    return tuple(model._meta.label_lower for model in _models)
