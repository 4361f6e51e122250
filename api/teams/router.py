from api.teams.resource import TEAM_PARTNERS, TEAMS

router = TEAMS.router()
partner_router = TEAM_PARTNERS.router()
