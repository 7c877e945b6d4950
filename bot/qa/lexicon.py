"""The words people use, in English, French and Spanish, folded (lower case, no accents).

Cues are matched at the start of a word, so "priorit" covers "priority", "priorities",
"priorités" and "prioridades". Names of countries, months, groups, observances and
events are not here: they come from Babel's locale data and from the stored data.
"""

from __future__ import annotations

# Words that mark a language. Domain words count: "atelier fidji" is French.
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        the what whats when who whos which where is are was were how many much of for does do did
        next steps step in on at to a an any anything latest update updates status workshop workshops
        group groups countries country day days owns own leads lead chairs chair happening happens
        happen list coming up calendar overdue late priorities focus focusing challenges challenge
        face faces facing focal point will be there have has held took place international world
        against about me my i need open tell show give launched launch meeting this month week
        with and it its upcoming please can you whose planned responsible pacific africa asia europe due
        before after since until name names
    """.split()),
    "fr": frozenset("""
        le la les du des quand quel quelle quels quelles qui est sont combien ou atelier ateliers
        pays pionniers pionnier pour en retard prochain prochaine prochaines c a lieu dirige dirigent
        journee journees mondiale internationale etapes etape priorites priorite defis defi point
        focal derniere dernieres nouvelles mise jour se passe t il elle mois semaine quoi sur au aux
        avec et dans doit doivent faire cours tenu tenus deja ont leur statut groupe
        preside quelles mon mes moi je suis chaines approvisionnement aura auront lieu prevu prevus
        ce cette cet y ya responsable s occupe charge travail enfants traite esclavage enfance
        travaux savoir dis dites montre liste afrique amerique ameriques asie pacifique
    """.split()),
    "es": frozenset("""
        el los las del cuando cual cuales quien quienes que es son cuantos cuantas donde taller
        talleres paises pais pioneros pionero para en proximo proxima proximos pasos paso retraso
        vencidas vencido vencidos atrasadas dia dias mundial internacional prioridades prioridad
        desafios desafio retos reto punto focal ultima ultimas novedades actualizacion pasa mes
        semana sobre al con y hay han se celebrado celebraron realizado tiene tienen hacer acciones
        accion tareas tarea pendientes pendiente grupo lidera preside dirige mis mi yo estado
        cadenas suministro sera seran previsto previstos este esta esto agenda responsable encarga
        cargo trabajo infantil trata esclavitud infancia cuentas dime muestra lista america hizo hicieron
        su sus ya
        americas europa pacifico africa asia
    """.split()),
}
# Letters only one of the languages uses.
LANGUAGE_MARKS: dict[str, tuple[str, ...]] = {"es": ("¿", "¡", "ñ", "ción"), "fr": tuple("çèêëœàùûîï")}

# Cues of what is asked. Each is a folded word prefix or phrase.
CUES: dict[str, tuple[str, ...]] = {
    "workshop": ("workshop", "atelier", "taller", "seminar", "seminaire", "seminario"),
    "when": ("when", "what day", "what date", "date", "quand", "quel jour", "quelle date", "cuando", "le combien",
             "weekday", "day of the week", "jour de la semaine", "dia de la semana",
             "que dia", "que fecha", "fecha", "dates"),
    "where": ("where", "venue", "location", "place", "ou a lieu", "ou aura", "ou se", "ou sera", "lieu",
              "donde", "lugar", "sede", "city", "ville", "ciudad"),
    "status": ("status", "statut", "estado", "situation", "situacion", "progress", "avancement", "avance",
               "ou en est", "how is", "how are", "where does", "como va", "como esta", "ou en sont",
               "stage", "doing", "faring", "outcome", "result", "resultat", "resultado", "how did", "how was",
               "how did it go", "comment ", "como fue", "como salio", "que paso con", "bilan", "balance"),
    "priorities": ("geographic priorit", "geographical priorit", "priorites geographiques",
                   "prioridades geograficas", "priorit", "priorid", "focus", "enfoc", "se concentr", "concentr", "centra", "axe", "ejes",
                   "working on", "cibler", "cible ", "ciblent", "target", "travaille sur", "trabaja en", "work on", "works on", "travaillent sur",
                   "trabajan en", "sur quoi travaill", "a quoi travaill", "en que trabaj"),
    # what something is for: "que fait le groupe", "qué hace el grupo", its role or mandate
    "role": ("que fait", "que font", "qu est ce que fait", "que hace", "que hacen", "a quoi sert", "a quoi servent",
             "para que sirve", "para que sirven", "role", "mandat", "mandate", "mandato", "papel", "funcion"),
    "before": ("before", "avant", "antes de", "prior to", "by the end of"),
    "groups": ("groups", "groupes", "grupos", "action group", "groupe d action", "grupo de accion"),
    "without": ("no lead", "without", "sans", "sin ", "no chair", "pas de", "aucun"),
    "outside": ("outside", "hors d", "hors ", "en dehors", "fuera de", "except", "excepto", "sauf", "non ",
                "not in ", "pas en ", "no en "),
    "region": ("region", "continent", "belong", "appartient", "pertenece", "what part of the world",
               "se trouve", "se situe", "situe", "located", "se encuentra", "se ubica", "ubicad"),
    "next_steps": ("que sigue", "y despues", "la suite", "what s next", "whats next", "next step", "prochaine etape", "prochaines etapes", "etapes suivantes", "suite",
                   "proximo paso", "proximos pasos", "siguiente paso", "siguientes pasos", "plans",
                   "plan next", "what next", "whats next for", "going to do", "va faire", "vont faire",
                   "va a hacer", "van a hacer", "do next", "doing next", "ensuite", "hacer despues"),
    "challenges": ("challeng", "difficult", "obstacle", "problem", "issue", "defi", "desafi", "reto",
                   "dificultad", "barrier", "hurdle", "face ", "faces ", "facing ", "frein", "enjeux",
                   "holding back", "holds back", "hold back", "held back", "in the way", "blocking", "bloque",
                   "empeche", "impide", "frena", "struggl", "ont du mal", "a du mal", "du mal a", "peinent",
                   "peine a", "les cuesta", "le cuesta", "tienen dificultades", "tiene dificultades"),
    "focal": ("focal", "contact", "referent", "interlocut"),
    "update": ("say about", "said about", "says about", "what did", "a dit", "ont dit", "dit sur", "dijo",
               "dijeron", "update", "latest", "news", "noticia", "nouvelles", "nouvelle", "nouveaute", "mise a jour", "mises a jour",
               "dernier", "derniere", "novedad", "actualiz", "ultim", "recent", "what happened", "que paso en",
               "que ha pasado", "qu est ce qui s est passe", "que s est il passe",
               "quoi de neuf", "que hay de nuevo"),
    "count": ("how many", "combien", "cuantos", "cuantas", "number of", "nombre de", "numero de", "count "),
    "until": ("until", "till ", "d ici", "jusqu", "hasta", "quedan ", "queda "),
    # what is still to come of a period ("the days left this year", "qui restent ce mois-ci")
    "remaining": ("left", "remaining", "still to come", "yet to come", "restent", "restant", "reste ", "a venir",
                  "quedan", "faltan", "restantes", "por venir"),
    "held": ("held", "took place", "happened", "already", "so far", "done", "completed", "hold ", "have had",
             "tenu", "eu lieu", "deja", "realise", "organise", "celebrad", "realizad", "ya ", "hecho",
             "hicieron", "se hizo", "tuvieron", "tuvo lugar", "realizaron", "se realizo", "celebraron",
             "ont eu", "a eu son", "ont tenu", "had their", "had its", "had a workshop", "had the workshop",
             "ont fait", "a fait son", "fait leur", "fait son", "been through", "went through", "gone through",
             "past", "passe", "pasad", "que paso", "que ha pasado", "s est passe", "s est il passe"),
    # a question asked in the past ("when was …", "c'était quand", "cuándo fue"): the last time, not the next
    "was": ("was ", "were ", "etait", "etaient", "a ete ", "fut ", "fue ", "fueron ", "ha sido ", "did it ",
            "did the ", "estaba ", "estaban ", "era ", "eran ", "vencia", "vencian", "il y avait", "y avait", "habia "),
    "planned": ("planned", "plan", "upcoming", "scheduled", "prevu", "programme", "a venir", "previst",
                "programad", "planificad", "coming", "to come", "por venir"),
    "countries": ("countr", "pays", "pais", "pathfinder", "pionnier", "pioner", "nation", "which are in",
                  "list", "liste", "lista"),
    "lead": ("lead", "chair", "co chair", "cochair", "head ", "heads ", "runs ", "run ", "in charge of", "dirige",
             "pilot", "preside", "presid", "lidera", "lider", "coordin", "anim", "responsable du groupe",
             "responsable del grupo", "a la tete", "encabez", "co preside", "copreside", "mene ", "menent ", "chef", "chefs de file", "chef de file", "running ", "jefe",
             "jefa", "boss"),
    "owner": ("owned by", "who coordinates", "who is coordinating", "qui coordonne", "quien coordina", "who owns", "owner", "who is responsible", "responsible for", "who will", "who should",
              "who has to", "who must", "who does", "whose", "qui est responsable", "qui s occupe",
              "qui doit", "qui va", "qui se charge", "qui porte", "responsable de", "responsable du",
              "quien es responsable", "quien se encarga", "quien debe", "quien tiene que", "quien va",
              "a cargo", "quien lleva", "responsable del", "responsable de la", "en charge"),
    "open": ("open", "to do", "todo", "need to do", "needs to do", "has to do", "have to do", "must do",
             "should do", "pending", "outstanding", "action item", "actions ", "task", "tache", "tarea", "en cours",
             "en attente", "pendiente", "doit faire", "doivent faire", "a faire", "tiene que hacer",
             "tienen que hacer", "que hacer", "abiert", "ouvert", "working on", "travaille", "trabaja",
             "assigned", "assigne", "asignad", "to-do", "owe", "deliverable", "acciones", "on its plate",
             "on their plate", "on our plate", "s plate", "on my plate", "left to do", "left for", "remaining",
             "follow up", "follow-up", "reste a faire", "queda por hacer", "quedan por hacer", "on the hook",
             "confiee", "confiees", "confie a", "confies a"),
    "overdue": ("overdue", "late ", "behind", "past due", "en retard", "retard", "vencid", "atrasad",
                "retrasad", "fuera de plazo", "expired", "missed", "deadline passed", "echeance depassee",
                "plazo vencido", "depasse leur echeance", "depasse son echeance", "depasse l echeance",
                "echeances depassees", "echeance passee"),
    "mine": ("my ", "mine ", "me ", "i ", "mes ", "moi ", "je ", "mis ", "yo ", "mi ", "dois je", "do i ",
             "have i ", "am i "),
    "next": ("next", "upcoming", "coming up", "coming", "soon", "prochain", "a venir", "bientot", "proxim",
             "siguiente", "que viene", "se viene", "pronto", "future", "futur"),
    "last": ("last", "previous", "most recent", "latest", "dernier", "derniere", "precedent", "plus recent",
             "ultimo", "ultima", "anterior", "mas reciente"),
    "happen": ("happen", "se passe", "passe t il", "pasa", "going on", "se pasa"),
    "events": ("event", "evenement", "evento", "meeting", "reunion", "calendar", "calendrier", "calendario", "agenda", "programme", "schedule",
               "que hay", "y a t il", "activit", "conference", "sommet", "cumbre", "summit",
               "rencontre", "encuentro"),
    "not_held": ("still to", "still have to", "still need", "still has to", "yet to", "not yet", "haven t",
                 "havent", "have not", "has not", "hasn t", "not held", "not been held", "pas encore",
                 "toujours pas", "n ont pas", "n a pas", "doivent encore", "doit encore", "reste a", "restent a",
                 "todavia no", "aun no", "no han", "no ha ", "faltan", "les reste", "tienen que celebrar",
                 "todavia tienen", "aun tienen", "doivent encore tenir", "toujours a", "pending workshop",
                 "talleres pendientes", "taller pendiente", "ateliers en attente", "atelier en attente",
                 "workshop pending", "workshop still pending", "waiting for", "no workshop", "without a workshop",
                 "without workshop", "sans atelier", "pas d atelier", "sin taller", "ningun taller",
                 "not yet through", "not through", "attendent encore", "attend encore", "still waiting",
                 "esperan todavia", "esperan aun", "siguen esperando", "sigue esperando"),
    "adopted": ("adopt", "roadmap", "road map", "feuille de route", "hoja de ruta", "action plan", "plan d action",
                "plan de accion", "plan nacional", "plan national", "national plan", "strategic roadmap"),
    "tbc": ("still to be confirmed", "to be confirmed", "tbc", "unconfirmed", "not confirmed", "tentative", "a confirmer", "non confirme",
            "por confirmar", "sin confirmar", "no confirmad", "provisoire", "provisional", "pas confirme",
            "pas encore confirme", "not yet confirmed", "yet to be confirmed", "no esta confirmad", "todavia no confirmad",
            "aun no confirmad", "no se ha confirmado"),
    "due": ("est du ", "sont dus", "sont dues", "est due", "etait du ", "etait due", "etaient dus", "etaient dues",
            "devait etre", "devaient etre", "vencia", "vencian", "vencio ", "vencieron", "a boucler", "etre rendu", "due ", "dues ", "vencen antes", "deadline", "echeance", "a rendre", "vence", "vencen", "plazo", "fecha limite", "date limite",
            "etre fini", "etre termine", "etre boucle", "a finir", "a terminer", "hay que terminar", "tiene que estar",
            "debe estar terminad", "finished by", "be done by", "be finished"),
    "observances": ("marking", "celebrating", "observing", "commemorating",
                    "international day", "world day", "journee", "dia internacional", "dia mundial",
                    "dias internacionales", "dias mundiales", "observance", "days", "jours", "dias",
                    "jornada", "commemorat", "conmemora", "fetes", "celebrations", "on celebre", "celebre t on",
                    "se celebra hoy", "que se celebra", "celebramos"),
}

# The domain's words in French and Spanish and the English word stored texts use,
# so that "kit de herramientas para los países pioneros" finds "toolkit for pathfinder countries".
GLOSSARY: dict[str, tuple[str, ...]] = {
    "pathfinder": ("pionnier", "pionniers", "pionero", "pioneros", "pionera", "pioneras", "pathfinders"),
    "toolkit": ("outils", "boite", "herramientas", "kit", "tool", "tools", "outil", "herramienta"),
    "workshop": ("atelier", "ateliers", "taller", "talleres", "seminaire", "seminario"),
    "meeting": ("reunion", "reuniones", "rencontre", "encuentro", "seance", "sesion"),
    # the ordinals stored titles use ("5th Global Coordinating Group meeting"), spelled out
    "5th": ("fifth", "cinquieme", "quinta", "quinto"),
    "4th": ("fourth", "quatrieme", "cuarta", "cuarto"),
    "online": ("ligne", "linea", "virtual", "virtuelle"),
    "communications": ("communication", "communications", "comunicacion", "comunicaciones", "comms"),
    "calendar": ("calendrier", "calendario", "agenda"),
    "survey": ("enquete", "encuesta", "sondage", "questionnaire", "cuestionario"),
    "report": ("rapport", "informe", "reporte"),
    "launch": ("lancement", "lancer", "lance", "lanzamiento", "lanzar", "lanza", "launched", "presente",
               "presentado", "publie", "publicado", "publication", "publicacion"),
    "supply": ("approvisionnement", "suministro", "abastecimiento"),
    "chains": ("chaines", "chaine", "cadenas", "cadena"),
    "child": ("enfants", "enfant", "infantil", "ninos", "infancia", "enfance"),
    "labour": ("travail", "trabajo", "labor"),
    "forced": ("force", "forzoso", "forzado"),
    "trafficking": ("traite", "trata", "trafic"),
    "slavery": ("esclavage", "esclavitud"),
    "migration": ("migration", "migracion", "migraciones", "migrations", "migrants", "migrantes"),
    "migrants": ("migrants", "migrantes"),
    "workplan": ("travail", "plan de trabajo"),
    "work": ("travail", "trabajo"),
    "plan": ("plan",),
    "strategies": ("strategie", "strategies", "estrategia", "estrategias"),
    "countries": ("pays", "paises", "pais", "country"),
    "second": ("deuxieme", "seconde", "second", "segundo", "segunda"),
    "first": ("premier", "premiere", "primer", "primero", "primera"),
    "global": ("mondial", "mondiale", "mundial"),
    "group": ("groupe", "grupo"),
    "coordinating": ("coordination", "coordinacion"),
    "forum": ("foro",),
    "political": ("politique", "politico"),
    "high": ("haut", "alto"),
    "level": ("niveau", "nivel"),
    "sustainable": ("durable", "sostenible"),
    "development": ("developpement", "desarrollo"),
    "summit": ("sommet", "cumbre"),
    "seat": ("siege", "asiento", "puesto", "escano"),
    "society": ("societe", "sociedad"),
    "civil": ("civile",),
    "visibility": ("visibilite", "visibilidad"),
    "mission": ("mision",),
    "highlights": ("temps forts", "destacados", "faits saillants"),
    "day": ("journee", "jour", "dia", "jornada"),
    "world": ("mondiale", "mondial", "mundial"),
    "international": ("internationale", "international", "internacional"),
    "advisory": ("consultatif", "consultivo", "asesor"),
    "board": ("conseil", "consejo", "comite"),
    "briefing": ("informer", "informar", "brief", "briefer"),
    "commission": ("comision",),
    "financial": ("financier", "financiero", "financiera"),
    "sector": ("secteur",),
    "ratification": ("ratifier", "ratificar", "ratificacion"),
    "business": ("entreprises", "empresas"),
    "network": ("reseau", "red"),
    "event": ("evenement", "evenements", "evento", "eventos"),
    "team": ("equipe", "equipo"),
    "research": ("recherche", "investigacion", "recherches", "investigaciones"),
    "resource": ("ressource", "ressources", "recurso", "recursos", "resources", "funding", "financement",
                 "financiacion", "fonds", "fondos"),
    "mobilisation": ("mobiliser", "mobilisation", "movilizar", "movilizacion", "mobilization", "mobilize",
                     "mobilise", "raising", "raise"),
    "persons": ("human", "humans", "beings", "personnes", "personas", "etres", "humains", "seres", "humanos"),
    "remembrance": ("souvenir", "commemoration", "recuerdo", "recordar", "remember", "remembering", "memoire",
                    "conmemoracion", "commemorate", "commemorer", "conmemorar"),
    "abolition": ("abolir", "abolish", "abolishing", "abolicion", "aboli", "abolie"),
    "victims": ("victimes", "victime", "victimas", "victima"),
    "transatlantic": ("transatlantique", "transatlantica", "transatlantico"),
    "freedom": ("libertad", "liberte"),
}

# Words that carry no meaning for matching names and texts.
STOPWORDS: frozenset[str] = frozenset("""
    the a an of for to in on at and or is are was be by with what whats when who which where how does do
    did this that it its from about me my i s t please bot will there any anything tell show give
    le la les de du des d l et ou est sont un une au aux en pour par sur qui que quoi quand quel quelle
    quels quelles c ce cette qu il til elle on y a je moi mon mes finalement enfin final finalmente finally
    eventually enregistre enregistree enregistres registrado registrados recorded contre stp svp pendant durant
    infos info informations details detalles
    el los las del y o es son un una al en para por con sobre quien que cuando cual cuales donde se
    mi mis yo me lo m j n quesqui quesque keske kesk
""".split())

# Words that join or point (pronouns, auxiliaries, possessives): they account for themselves but
# never name anything, so they are not stopwords for matching.
FUNCTION_WORDS: frozenset[str] = frozenset("""
    but mais pero bien their theirs they them we our ours you your yours he she his her hers us one ones has have had been being
    should would could can may might shall must not no yes all some every each other others than then so
    also just only still yet ever now already really know like want wanted need needed get got go going
    there here these those whom whose why again more most up out into over after before since until
    leur leurs ils elles nous notre nos vous votre vos lui son sa ses ne pas plus tous toutes tout toute
    deja encore aussi ete etait sera peux peut pouvez savoir veux voudrais ici la bas quelqu quelque
    su sus nuestro nuestra nuestros nuestras ellos ellas nosotros usted ustedes le les ya todavia aun
    tambien todos todas todo toda mas muy puedes puede quiero saber aqui alli ha han hay sido fue era
    arrive arrivent tombe tombent passe venir viene vienen toca tocan fall falls falling caen cae caer
    process processus proceso side cote lado tient tiennent tiendra tiendront tenir
    reunit reunissent reunira reuniront fois vez hubo habra habia frente etre
    dices dime decir dis dites diga
    pls plz please thanks thank merci gracias name nom nombre thing things chose choses cosa cosas details detail
    hi hello hey heya dear cheers ok okay right correct true yeah yes remind reminder quick question tell
    bonjour salut coucou svp stp plait pourriez pourrais pourrait dire dites dis rappeler rappelle vrai
    hola buenas buenos podrian podria podrias puede decir dime digame recordar recuerdame verdad cierto favor
    ca dont cuyo cuya cuyos cuyas si juste tu te toi ti lequel laquelle lesquels lesquelles indicar indiquer
    indicate
    detalles detalle info information informations informacion item items new nouveau nouvelle nuevo nueva
    main biggest big key principal principale principales principaux gros grand grande mayor area areas domaine
    domaines supposed meant expected cense censee censes supuesto waiting wait attendent attend esperan espera
    went go goes va van mark marks marked marquer marque marquons marcamos marcar strategic strategique
    estrategico stand stands as asked owned remember remembered rappelle recuerda recordamos algo algun
    alguna alguno ahora hasta jusqu jusque maintenant tuvo tenido tener tienen tiene celebro celebran celebrar
    celebrate celebrated hicieron hecho hizo fait faits faite fais font estan esta confirmada confirmado confirme
    confirmee confirmed dueno duena sigue avant before after apres antes despues presenta present presented
    tenu tenue tenus tenues dates fechas fecha happen happened paso pasado where wheres quien quienes
    ever happening anything something quelque chose rien nada nothing details sur
    still encore todavia aun yet deja ya actually vraiment realmente en realidad same meme mismo misma
    exactly exactement exactamente precisely stuff truc trucs hiya morning afternoon evening bonsoir tardes
    grateful reconnaissant reconnaissante agradecido agradecida agradeceria if wise good
    anti atm ayant celle celui ceux celles retenu retenue retenus retenues fijo fijaron establecio lucha lutte
    luchar lutter dedica dedicado dedicada dedie dediee dedicated known connu connue conocido conocida
    surtout notamment particulierement especially particularly especialmente sobre todo partie parte belong
    belongs appartient appartiennent pertenece pertenecen""".split())

# Words of names that say only what kind of thing is named: they do not tell one day from another.
GENERIC_NAME_WORDS: frozenset[str] = frozenset("""
    international internationale internacional world mondial mondiale mundial day days journee journees jour
    jours dia dias global against contre contra for pour para of
""".split())

# Organisations' acronyms in French and Spanish → the name the data uses.
ORGANISATION_ALIASES: dict[str, str] = {
    "oim": "IOM", "oit": "ILO", "hcdh": "OHCHR", "acnudh": "OHCHR", "onudc": "UNODC", "unodc": "UNODC",
    "presidence": "Chair", "presidencia": "Chair", "the chair": "Chair", "secretariado": "Secretariat",
    "secretaria": "Secretariat", "secretariat": "Secretariat",
}

# Cities written differently in French and Spanish (folded) → as the data writes them (folded).
PLACE_ALIASES: dict[str, str] = {
    "nueva york": "new york", "geneve": "geneva", "ginebra": "geneva", "genf": "geneva", "vienne": "vienna",
    "viena": "vienna", "bruxelles": "brussels", "bruselas": "brussels", "londres": "london", "roma": "rome",
    "la haye": "the hague", "la haya": "the hague", "pekin": "beijing", "le caire": "cairo", "el cairo": "cairo",
    "addis abeba": "addis ababa", "bangkok": "bangkok", "katmandou": "kathmandu", "katmandu": "kathmandu",
    "hanoi": "hanoi", "tunez": "tunis", "abiyan": "abidjan", "santiago du chili": "santiago", "santiago de chile": "santiago",
}

# The bot's own name: it names no event ("what is the Alliance 8.7?").
OWN_NAME = ("alliance 8 7", "alliance 87", "alianza 8 7", "alliance")

# Written short: read as the word they stand for before anything else.
SHORT_FORMS: dict[str, str] = {
    "focal pt": "focal point", "focal pts": "focal points", "nfp": "national focal point",
    "nfps": "national focal points",
    "intl": "international", "int l": "international", "internat": "international", "govt": "government",
    "govts": "governments", "orgs": "organisations", "org": "organisation", "wrkshop": "workshop",
    "hows": "how is", "whens": "when is", "wheres": "where is", "wkshp": "workshop", "mtg": "meeting", "mtgs": "meetings", "ag": "action group", "ags": "action groups",
    "forum politique de haut niveau": "hlpf", "foro politico de alto nivel": "hlpf", "semaine pro": "semaine prochaine",
    "mois pro": "mois prochain", "qd": "quand", "qnd": "quand", "pr": "pour", "ds": "dans", "grp": "group", "grps": "groups", "2e": "second", "2eme": "second", "2nd": "second", "1er": "first",
    "1ere": "first", "1st": "first", "wen": "when", "whn": "when", "wat": "what", "wher": "where",
}

# Relative periods: phrase → (unit, offset). "this month", "le mois prochain", "el mes que viene".
RELATIVE_PERIODS: dict[str, tuple[str, int]] = {
    "this month": ("month", 0), "current month": ("month", 0), "next month": ("month", 1),
    "last month": ("month", -1), "this week": ("week", 0), "next week": ("week", 1),
    "last week": ("week", -1), "this year": ("year", 0), "next year": ("year", 1), "last year": ("year", -1),
    "ce mois": ("month", 0), "mois ci": ("month", 0), "mois en cours": ("month", 0),
    "mois prochain": ("month", 1), "prochain mois": ("month", 1), "mois dernier": ("month", -1),
    "cette semaine": ("week", 0), "semaine prochaine": ("week", 1), "prochaine semaine": ("week", 1),
    "semaine derniere": ("week", -1), "cette annee": ("year", 0), "annee prochaine": ("year", 1),
    "annee derniere": ("year", -1), "an dernier": ("year", -1),
    "annee passee": ("year", -1), "an passe": ("year", -1), "fin de l annee": ("year", 0), "end of the year": ("year", 0),
    "end of this year": ("year", 0), "fin de ano": ("year", 0), "fin del ano": ("year", 0),
    "today": ("day", 0), "tomorrow": ("day", 1), "yesterday": ("day", -1), "aujourd hui": ("day", 0),
    "demain": ("day", 1), "hier": ("day", -1), "hoy": ("day", 0), "manana": ("day", 1), "ayer": ("day", -1),
    "este mes": ("month", 0), "mes que viene": ("month", 1), "proximo mes": ("month", 1),
    "mes proximo": ("month", 1), "mes siguiente": ("month", 1), "mes pasado": ("month", -1),
    "esta semana": ("week", 0), "semana que viene": ("week", 1), "proxima semana": ("week", 1),
    "semana proxima": ("week", 1), "semana pasada": ("week", -1), "este ano": ("year", 0),
    "ano que viene": ("year", 1), "proximo ano": ("year", 1), "ano pasado": ("year", -1),
}
