from api.kit.service import CrudService
from api.models import Organisation
from api.organisations.schemas import OrganisationRead


class OrganisationService(CrudService[Organisation]):
    model = Organisation
    read_schema = OrganisationRead
    filters = {
        "kind": lambda v: Organisation.kind == v,
        "org_identifier": lambda v: Organisation.org_identifier == v,
    }
    sortable = ("name", "org_identifier", "created_at")
    default_sort = "name"
    search = ("name",)


service = OrganisationService()
