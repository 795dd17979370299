"""The legal pages' texts, in French and English: the footer's links and titles (TEXTS), and
each page's content (PAGES: sections of paragraphs and lists, the same shape in both
languages, which a unit test checks). The publisher's name is a placeholder; what is said
of the data (what is kept, for how long) is what the code does (docs/domain.md §8)."""
from __future__ import annotations

AUDIT_DATE = {"fr": "27 novembre 2026", "en": "27 November 2026"}  # docs/accessibility.md

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "legal.label": "Informations légales",
        "legal.notices": "Mentions légales",
        "legal.terms": "Conditions d'utilisation",
        "legal.privacy": "Politique de protection des données",
        "legal.accessibility": "Accessibilité : partiellement conforme",
        "legal.accessibility.title": "Déclaration d'accessibilité",
        "legal.updated": "Dernière mise à jour :",
        "legal.others": "Les autres informations légales",
    },
    "en": {
        "legal.label": "Legal information",
        "legal.notices": "Legal notices",
        "legal.terms": "Terms of use",
        "legal.privacy": "Personal data policy",
        "legal.accessibility": "Accessibility: partially compliant",
        "legal.accessibility.title": "Accessibility statement",
        "legal.updated": "Last updated:",
        "legal.others": "The other legal information",
    },
}

UPDATED = {"fr": "1er décembre 2026", "en": "1 December 2026"}

# page → list of (heading, blocks); a block is a paragraph (str) or a list (list[str]).
Section = tuple[str, list]
PAGES: dict[str, dict[str, list[Section]]] = {
    "fr": {
        "notices": [
            ("Éditeur", [
                "La plateforme Pix est éditée par Pix, groupement d'intérêt public (GIP) créé par l'État pour "
                "évaluer, développer et certifier les compétences numériques de chacun. Le service est public "
                "et gratuit.",
                "Directeur ou directrice de la publication : le directeur ou la directrice du groupement.",
                "Les coordonnées postales du siège et le numéro d'identification (SIRET) seront publiés ici "
                "avant l'ouverture du service au public.",
            ]),
            ("Hébergement", [
                "Les serveurs et les données de la plateforme sont hébergés dans l'Union européenne. Le nom et "
                "l'adresse de l'hébergeur seront publiés ici avant l'ouverture du service au public.",
                "La plateforme ne charge aucune ressource depuis un site tiers : ni police, ni script, ni mesure "
                "d'audience extérieurs.",
            ]),
            ("Propriété intellectuelle", [
                "Les épreuves, leurs textes et leurs fichiers sont la propriété du groupement ; ils ne peuvent être "
                "reproduits sans son accord. Le code de la plateforme est un logiciel libre.",
            ]),
            ("Nous contacter", [
                "Pour toute question sur le service, écrivez au groupement depuis l'adresse de contact publiée "
                "sur cette page. Pour vos données personnelles, voir la politique de protection des données.",
            ]),
        ],
        "terms": [
            ("Objet", [
                "Ces conditions disent comment utiliser Pix : créer un compte, passer des tests de compétences "
                "numériques et consulter son profil. Créer un compte vaut acceptation de ces conditions.",
            ]),
            ("Le compte", [
                [
                    "Un compte est personnel : une personne, un compte, avec ses vrais nom et prénom.",
                    "Le mot de passe est secret : ne le communiquez à personne. Vous pouvez le changer à tout "
                    "moment avec « Mot de passe oublié ».",
                    "Vous pouvez modifier votre nom et supprimer votre compte à tout moment depuis « Mon compte ».",
                ],
            ]),
            ("Les tests", [
                "Les tests mesurent vos compétences : répondez seul, sans aide extérieure. Il est interdit "
                "d'automatiser les réponses, de diffuser les épreuves ou leurs réponses, ou de chercher à "
                "contourner les règles du service.",
                "Le profil et le score Pix sont une indication de votre niveau ; seule la certification, passée "
                "dans un centre agréé, a valeur de certificat.",
            ]),
            ("Disponibilité", [
                "Le groupement fait ses meilleurs efforts pour que le service soit disponible, sans pouvoir le "
                "garantir à tout moment (maintenance, incident). Un test interrompu peut être repris.",
            ]),
            ("Manquements", [
                "En cas de manquement à ces conditions (fraude, usurpation d'identité, usage automatisé), le "
                "groupement peut suspendre ou supprimer le compte concerné, après en avoir informé la personne.",
            ]),
            ("Évolution et droit applicable", [
                "Ces conditions peuvent évoluer ; la date de mise à jour figure en haut de cette page. Elles sont "
                "soumises au droit français.",
            ]),
        ],
        "privacy": [
            ("Responsable du traitement", [
                "Pix, groupement d'intérêt public, traite vos données pour sa mission de service public "
                "(article 6.1.e du RGPD) : évaluer et certifier les compétences numériques.",
            ]),
            ("Les données conservées", [
                [
                    "Votre compte : nom, prénom, adresse e-mail, langue, et votre mot de passe sous une forme "
                    "chiffrée irréversible (argon2id) : personne ne peut le lire.",
                    "Vos tests : les réponses données, les niveaux et le score Pix de chaque compétence.",
                    "Les journaux techniques : adresse IP, date et page demandée, pour la sécurité du service "
                    "(limiter les tentatives de connexion, comprendre un incident).",
                ],
                "Aucune donnée n'est vendue ni utilisée à des fins publicitaires.",
            ]),
            ("Durées de conservation", [
                [
                    "Le compte et les résultats : tant que le compte existe.",
                    "La session de connexion : 12 heures sans activité, puis elle est effacée ; la connexion "
                    "elle-même se renouvelle 30 jours au plus.",
                    "Un lien de nouveau mot de passe : 24 heures, et il ne sert qu'une fois.",
                    "Les journaux techniques : 12 mois au plus.",
                ],
            ]),
            ("Cookies", [
                "Pix dépose deux cookies, nécessaires au service et exemptés de consentement : « pix_session » "
                "(votre connexion, le temps de la session) et « pix_lang » (la langue choisie, un an). Aucun "
                "cookie de mesure d'audience ni de tiers.",
            ]),
            ("Vos droits", [
                "Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter le traitement, vous y "
                "opposer et les recevoir dans un format lisible. Depuis « Mon compte », vous pouvez dès maintenant "
                "modifier votre nom ou supprimer votre compte : vos nom et prénom deviennent « Anonyme », votre "
                "adresse e-mail et votre mot de passe sont effacés, et vos résultats ne sont plus rattachés à vous.",
                "Pour les autres demandes, écrivez au délégué à la protection des données du groupement. Si vous "
                "estimez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL (www.cnil.fr).",
            ]),
        ],
        "accessibility": [
            ("Engagement", [
                "Pix s'engage à rendre son service accessible, conformément à l'article 47 de la loi n° 2005-102 "
                "du 11 février 2005. Cette déclaration s'applique à la plateforme Pix (ce site).",
            ]),
            ("État de conformité", [
                "La plateforme est partiellement conforme avec le référentiel général d'amélioration de "
                "l'accessibilité (RGAA), version 4.1, en raison des non-conformités et des vérifications "
                "manquantes listées ci-dessous.",
            ]),
            ("Résultats des tests", [
                "Audit du 27 novembre 2026 : un contrôle automatisé (axe-core 4.14.1, règles WCAG 2.1 niveaux A et "
                "AA) dans Chromium, et un affichage à 320 pixels de large sans défilement horizontal. Aucune "
                "anomalie n'a été relevée sur les pages contrôlées : accueil, inscription (avec ses erreurs), "
                "connexion, mot de passe oublié, mon compte, mon profil, mes tests, une épreuve (avec ses erreurs), "
                "le bilan intermédiaire et le résultat d'un test. Le contrôle a été étendu le 2 décembre 2026 aux "
                "pages d'erreur et aux pages d'information légale.",
                "Un contrôle automatisé ne couvre qu'une partie des critères du RGAA : le taux de conformité n'a "
                "pas encore été mesuré par un audit complet.",
            ]),
            ("Contenus non accessibles ou non vérifiés", [
                [
                    "Les fichiers joints à certaines épreuves (tableurs, documents texte) n'ont pas été vérifiés.",
                    "Les épreuves chronométrées : le temps imparti ne peut pas être prolongé (critère 13.1).",
                    "La navigation au clavier, avec un lecteur d'écran, avec un zoom à 200 % et avec un "
                    "espacement du texte modifié n'a pas encore été vérifiée à la main sur toutes les pages.",
                    "La page ouverte par le lien de nouveau mot de passe et les pages « trop de tentatives » et "
                    "« service indisponible » n'ont pas été contrôlées.",
                ],
            ]),
            ("Établissement de cette déclaration", [
                "Déclaration établie le 1er décembre 2026. Technologies utilisées : HTML, CSS ; JavaScript pour la "
                "seule vérification anti-robot de l'inscription. Environnement de test : Chromium (Debian) piloté "
                "par Playwright.",
            ]),
            ("Retour d'information et contact", [
                "Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez au groupement : nous vous "
                "répondrons et vous proposerons une autre façon d'y accéder.",
            ]),
            ("Voies de recours", [
                "Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous pouvez "
                "écrire au Défenseur des droits (formulaire en ligne sur www.defenseurdesdroits.fr), contacter son "
                "délégué dans votre région, ou lui écrire par courrier gratuit : Défenseur des droits, Libre "
                "réponse 71120, 75342 Paris CEDEX 07.",
            ]),
        ],
    },
    "en": {
        "notices": [
            ("Publisher", [
                "The Pix platform is published by Pix, a public interest grouping (groupement d'intérêt public) set "
                "up by the French State to assess, develop and certify everyone's digital skills. The service is "
                "public and free.",
                "Publication director: the grouping's director.",
                "The head office's postal address and registration number (SIRET) will be published here before "
                "the service opens to the public.",
            ]),
            ("Hosting", [
                "The platform's servers and data are hosted in the European Union. The host's name and address "
                "will be published here before the service opens to the public.",
                "The platform loads nothing from another site: no external font, script or audience measurement.",
            ]),
            ("Intellectual property", [
                "The challenges, their texts and their files belong to the grouping; they may not be reproduced "
                "without its consent. The platform's code is free software.",
            ]),
            ("Contact us", [
                "For any question about the service, write to the grouping at the contact address published on "
                "this page. For your personal data, see the personal data policy.",
            ]),
        ],
        "terms": [
            ("Purpose", [
                "These terms say how to use Pix: create an account, take digital skills tests and look at your "
                "profile. Creating an account means accepting these terms.",
            ]),
            ("The account", [
                [
                    "An account is personal: one person, one account, with their real names.",
                    "The password is secret: give it to nobody. You can change it at any time with "
                    "“Forgot your password”.",
                    "You can change your name and delete your account at any time from “My account”.",
                ],
            ]),
            ("The tests", [
                "The tests measure your skills: answer on your own, without outside help. Automating answers, "
                "spreading the challenges or their answers, or trying to get round the service's rules is "
                "forbidden.",
                "The profile and the Pix score indicate your level; only the certification, taken in an "
                "accredited center, is a certificate.",
            ]),
            ("Availability", [
                "The grouping does its best to keep the service available, without being able to guarantee it at "
                "every moment (maintenance, incidents). An interrupted test can be resumed.",
            ]),
            ("Breaches", [
                "If these terms are breached (fraud, identity theft, automated use), the grouping may suspend or "
                "delete the account concerned, after telling the person.",
            ]),
            ("Changes and applicable law", [
                "These terms may change; the date of the last update is at the top of this page. They are "
                "governed by French law.",
            ]),
        ],
        "privacy": [
            ("Data controller", [
                "Pix, a public interest grouping, processes your data for its public service mission (article "
                "6.1.e of the GDPR): assessing and certifying digital skills.",
            ]),
            ("The data kept", [
                [
                    "Your account: first and last name, email address, language, and your password in an "
                    "irreversibly hashed form (argon2id): nobody can read it.",
                    "Your tests: the answers given, the levels and the Pix score of each competence.",
                    "Technical logs: IP address, date and page asked for, for the service's security (limiting "
                    "login attempts, understanding an incident).",
                ],
                "No data is sold or used for advertising.",
            ]),
            ("How long it is kept", [
                [
                    "The account and the results: as long as the account exists.",
                    "The sign-in session: 12 hours without activity, then it is erased; the sign-in itself renews "
                    "for 30 days at most.",
                    "A new-password link: 24 hours, and it works once.",
                    "Technical logs: 12 months at most.",
                ],
            ]),
            ("Cookies", [
                "Pix sets two cookies, needed by the service and exempt from consent: “pix_session” (your "
                "sign-in, for the session) and “pix_lang” (the chosen language, one year). No audience "
                "measurement or third-party cookie.",
            ]),
            ("Your rights", [
                "You may access your data, correct it, erase it, restrict or object to its processing and "
                "receive it in a readable format. From “My account” you can already change your name or delete "
                "your account: your names become “Anonyme”, your email address and password are erased, and "
                "your results are no longer linked to you.",
                "For other requests, write to the grouping's data protection officer. If you think your rights "
                "are not respected, you may complain to the CNIL (www.cnil.fr).",
            ]),
        ],
        "accessibility": [
            ("Commitment", [
                "Pix is committed to making its service accessible, in accordance with article 47 of French law "
                "no. 2005-102 of 11 February 2005. This statement applies to the Pix platform (this site).",
            ]),
            ("Compliance status", [
                "The platform is partially compliant with the French accessibility framework (RGAA) version 4.1, "
                "because of the non-compliances and missing checks listed below.",
            ]),
            ("Test results", [
                "Audit of 27 November 2026: an automated check (axe-core 4.14.1, WCAG 2.1 level A and AA rules) "
                "in Chromium, and a 320 pixel wide layout without sideways scrolling. No issue was found on the "
                "pages checked: home, sign-up (with its errors), sign-in, forgotten password, my account, my "
                "profile, my tests, a challenge (with its errors), the checkpoint and a test's result. The check "
                "was extended on 2 December 2026 to the error pages and the legal pages.",
                "An automated check covers only part of the RGAA criteria: the compliance rate has not yet been "
                "measured by a full audit.",
            ]),
            ("Content not accessible or not checked", [
                [
                    "The files attached to some challenges (spreadsheets, text documents) have not been checked.",
                    "Timed challenges: the time allowed cannot be extended (criterion 13.1).",
                    "Keyboard use, screen readers, 200% zoom and changed text spacing have not yet been checked by "
                    "hand on every page.",
                    "The page opened by the new-password link and the “too many attempts” and “service "
                    "unavailable” pages have not been checked.",
                ],
            ]),
            ("How this statement was made", [
                "Statement made on 1 December 2026. Technologies used: HTML, CSS; JavaScript only for the sign-up's "
                "robot check. Test environment: Chromium (Debian) driven by Playwright.",
            ]),
            ("Feedback and contact", [
                "If you cannot reach a content or a service, write to the grouping: we will answer and offer "
                "another way to reach it.",
            ]),
            ("Remedies", [
                "If you reported an accessibility issue without a satisfactory answer, you may write to the "
                "Défenseur des droits (online form on www.defenseurdesdroits.fr), contact its delegate in your "
                "region, or write, post-free, to: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
            ]),
        ],
    },
}
