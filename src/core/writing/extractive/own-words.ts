import type { WrittenLanguage } from "../../article/language";
import type { ArticleOptions } from "../../article/options";
import { capitalise, titleCase } from "../../text/case";

/**
 * The extractive writer's own words besides its framing sentences, in each language it writes: the title per
 * content type, the audience note, the call to action per tone, the meta description's wording, the sentence a
 * revision adds to name the subject, and the disclaimer.
 */
export interface OwnWords {
  /** The keyword as it opens a title: title case in English, only its first letter capitalise elsewhere. */
  headline: (keyword: string) => string;
  /** A label put before a title or heading: "Garden soil: Compost notes"; French sets a space before the colon. */
  labelled: (label: string, text: string) => string;
  title: Record<ArticleOptions["contentType"], (keyword: string) => string>;
  audience: Record<ArticleOptions["audience"], string>;
  callToAction: Record<ArticleOptions["tone"], (keyword: string) => string>;
  /** The meta description before its tail: what `count` sources say, about `topics` (joined) when there are any. */
  says: (keyword: string, count: number, topics: string) => string;
  /** Endings that say what the draft is, shortest first: the one that brings the sentence into range is used. */
  metaTails: string[];
  /** Whether a heading quoted in a sentence has its first capital lowered; German nouns keep theirs. */
  lowerHeadings: boolean;
  /** The sentence a revision puts before an introduction that does not name the keyword. */
  subjectNote: (keyword: string) => string;
  disclaimer: string;
  /** How a source that names itself nowhere is introduced: "One source". */
  unnamedSource: string;
}

export const OWN_WORDS: Record<WrittenLanguage, OwnWords> = {
  en: {
    headline: titleCase,
    labelled: (label, text) => `${label}: ${text}`,
    title: {
      tutorial: (k) => `${k}: A Step-by-Step Research Draft`,
      guide: (k) => `${k}: A Research Guide`,
      review: (k) => `${k} Review: What the Sources Say`,
      comparison: (k) => `${k} Compared: What the Sources Say`,
      news: (k) => `${k}: The Latest Reporting`,
      opinion: (k) => `${k}: Perspectives from the Sources`,
    },
    audience: {
      beginners: "Shorter, plainer passages were preferred for readers new to the topic.",
      intermediate: "Passages were chosen for practical detail.",
      advanced: "Denser, more detailed passages were preferred for experienced readers.",
      general: "",
    },
    callToAction: {
      professional: (k) => `Read the cited sources in full before you act on ${k}.`,
      casual: (k) => `Dig into the sources linked below and see what ${k} can do for you.`,
      technical: (k) => `Check the cited sources' full specifications before you apply ${k}.`,
      friendly: (k) => `Have a look at the sources below and give ${k} a try!`,
      authoritative: (k) => `Consult the cited sources in full and decide on ${k} with the evidence in hand.`,
    },
    says: (k, n, t) => `${k}: what ${n} sources say${t ? ` about ${t}` : ""}`,
    metaTails: [
      "",
      ", quoted and cited",
      ", each passage quoted and cited",
      ", with every passage quoted and cited",
      ", with every passage quoted and cited for you to review",
      " in their own words, with every passage quoted and cited for you to review",
      " in their own words, with every passage quoted and cited for you to review and verify before publishing",
    ],
    lowerHeadings: true,
    subjectNote: (k) => `${k} is the subject of this draft.`,
    disclaimer:
      "Research draft assembled from quoted sources, not original prose: every passage in quotation marks is " +
      "taken verbatim from the numbered source it cites. Review, rewrite and verify before publishing.",
    unnamedSource: "One source",
  },
  fr: {
    headline: capitalise,
    labelled: (label, text) => `${label} : ${text}`,
    title: {
      tutorial: (k) => `${k} : brouillon de recherche pas à pas`,
      guide: (k) => `${k} : guide de recherche`,
      review: (k) => `${k} : l'avis des sources`,
      comparison: (k) => `${k} : comparatif selon les sources`,
      news: (k) => `${k} : les dernières informations`,
      opinion: (k) => `${k} : les points de vue des sources`,
    },
    audience: {
      beginners: "Des passages plus courts et plus simples ont été retenus pour les lecteurs qui découvrent le sujet.",
      intermediate: "Les passages ont été choisis pour leurs détails pratiques.",
      advanced: "Des passages plus denses et plus détaillés ont été retenus pour les lecteurs expérimentés.",
      general: "",
    },
    callToAction: {
      professional: (k) => `Lisez les sources citées en entier avant de prendre une décision sur ${k}.`,
      casual: (k) => `Plongez dans les sources ci-dessous et voyez ce que ${k} peut vous apporter.`,
      technical: (k) => `Vérifiez les spécifications complètes des sources citées avant d'appliquer ${k}.`,
      friendly: (k) => `Jetez un œil aux sources ci-dessous et essayez ${k} !`,
      authoritative: (k) =>
        `Consultez les sources citées en entier et prenez votre décision sur ${k} preuves à l'appui.`,
    },
    says: (k, n, t) => `${k} : ce que disent ${n} sources${t ? ` sur ${t}` : ""}`,
    metaTails: [
      "",
      ", avec citations et sources",
      ", chaque passage cité et sourcé",
      ", avec chaque passage cité et sourcé",
      ", avec chaque passage cité et sourcé, à relire",
      ", dans leurs propres mots, avec chaque passage cité et sourcé, à relire",
      ", dans leurs propres mots, avec chaque passage cité et sourcé, à relire et vérifier avant publication",
    ],
    lowerHeadings: true,
    subjectNote: (k) => `${k} est le sujet de ce brouillon.`,
    disclaimer:
      "Brouillon de recherche composé de citations, et non d'un texte original : chaque passage entre guillemets " +
      "est repris mot pour mot de la source numérotée qu'il cite. À relire, réécrire et vérifier avant publication.",
    unnamedSource: "Une source",
  },
  es: {
    headline: capitalise,
    labelled: (label, text) => `${label}: ${text}`,
    title: {
      tutorial: (k) => `${k}: borrador de investigación paso a paso`,
      guide: (k) => `${k}: guía de investigación`,
      review: (k) => `${k}: análisis según las fuentes`,
      comparison: (k) => `${k}: comparativa según las fuentes`,
      news: (k) => `${k}: la información más reciente`,
      opinion: (k) => `${k}: perspectivas de las fuentes`,
    },
    audience: {
      beginners: "Se han preferido pasajes más cortos y sencillos para lectores que se inician en el tema.",
      intermediate: "Los pasajes se eligieron por su detalle práctico.",
      advanced: "Se han preferido pasajes más densos y detallados para lectores con experiencia.",
      general: "",
    },
    callToAction: {
      professional: (k) => `Lea las fuentes citadas completas antes de tomar decisiones sobre ${k}.`,
      casual: (k) => `Echa un vistazo a las fuentes de abajo y descubre lo que ${k} puede hacer por ti.`,
      technical: (k) => `Compruebe las especificaciones completas de las fuentes citadas antes de aplicar ${k}.`,
      friendly: (k) => `¡Mira las fuentes de abajo y prueba ${k}!`,
      authoritative: (k) => `Consulte las fuentes citadas completas y decida sobre ${k} con las pruebas en la mano.`,
    },
    says: (k, n, t) => `${k}: lo que dicen ${n} fuentes${t ? ` sobre ${t}` : ""}`,
    metaTails: [
      "",
      ", con citas",
      ", cada pasaje citado con su fuente",
      ", con cada pasaje citado con su fuente",
      ", con cada pasaje citado con su fuente para revisar",
      ", en sus propias palabras, con cada pasaje citado con su fuente para revisar",
      ", en sus propias palabras, con cada pasaje citado con su fuente para revisar y verificar antes de publicar",
    ],
    lowerHeadings: true,
    subjectNote: (k) => `${k} es el tema de este borrador.`,
    disclaimer:
      "Borrador de investigación compuesto de citas, no de texto original: cada pasaje entre comillas se toma " +
      "literalmente de la fuente numerada que cita. Revíselo, reescríbalo y verifíquelo antes de publicarlo.",
    unnamedSource: "Una fuente",
  },
  de: {
    headline: capitalise,
    labelled: (label, text) => `${label}: ${text}`,
    title: {
      tutorial: (k) => `${k}: ein Rechercheentwurf Schritt für Schritt`,
      guide: (k) => `${k}: ein Rechercheleitfaden`,
      review: (k) => `${k} im Überblick: was die Quellen sagen`,
      comparison: (k) => `${k} im Vergleich: was die Quellen sagen`,
      news: (k) => `${k}: die neuesten Berichte`,
      opinion: (k) => `${k}: Sichtweisen aus den Quellen`,
    },
    audience: {
      beginners: "Für Leser, die neu im Thema sind, wurden kürzere, einfachere Passagen bevorzugt.",
      intermediate: "Die Passagen wurden nach praktischen Details ausgewählt.",
      advanced: "Für erfahrene Leser wurden dichtere, ausführlichere Passagen bevorzugt.",
      general: "",
    },
    callToAction: {
      professional: (k) => `Lesen Sie die zitierten Quellen vollständig, bevor Sie über ${k} entscheiden.`,
      casual: (k) => `Schau dir die unten verlinkten Quellen an und finde heraus, was ${k} für dich tun kann.`,
      technical: (k) => `Prüfen Sie die vollständigen Spezifikationen der zitierten Quellen, bevor Sie ${k} anwenden.`,
      friendly: (k) => `Wirf einen Blick auf die Quellen unten und probier ${k} aus!`,
      authoritative: (k) =>
        `Lesen Sie die zitierten Quellen vollständig und entscheiden Sie über ${k} anhand der Belege.`,
    },
    says: (k, n, t) => `${k}: was ${n} Quellen${t ? ` über ${t}` : ""} sagen`,
    metaTails: [
      "",
      ", wörtlich zitiert",
      ", jede Passage wörtlich zitiert",
      ", jede Passage wörtlich zitiert und belegt",
      ", jede Passage wörtlich zitiert und belegt, zum Prüfen",
      ", in ihren eigenen Worten, jede Passage zitiert und belegt, zum Prüfen",
      ", in ihren eigenen Worten, jede Passage zitiert und belegt, zum Prüfen vor der Veröffentlichung",
    ],
    lowerHeadings: false,
    subjectNote: (k) => `${k} ist das Thema dieses Entwurfs.`,
    disclaimer:
      "Rechercheentwurf aus Zitaten, kein eigener Text: Jede Passage in Anführungszeichen ist wörtlich der " +
      "nummerierten Quelle entnommen, die sie angibt. Vor der Veröffentlichung prüfen, überarbeiten und verifizieren.",
    unnamedSource: "Eine Quelle",
  },
  pt: {
    headline: capitalise,
    labelled: (label, text) => `${label}: ${text}`,
    title: {
      tutorial: (k) => `${k}: rascunho de pesquisa passo a passo`,
      guide: (k) => `${k}: guia de pesquisa`,
      review: (k) => `${k}: análise segundo as fontes`,
      comparison: (k) => `${k}: comparação segundo as fontes`,
      news: (k) => `${k}: as notícias mais recentes`,
      opinion: (k) => `${k}: perspectivas das fontes`,
    },
    audience: {
      beginners: "Foram preferidas passagens mais curtas e simples para leitores que estão começando no tema.",
      intermediate: "As passagens foram escolhidas pelo detalhe prático.",
      advanced: "Foram preferidas passagens mais densas e detalhadas para leitores experientes.",
      general: "",
    },
    callToAction: {
      professional: (k) => `Leia as fontes citadas na íntegra antes de tomar decisões sobre ${k}.`,
      casual: (k) => `Explore as fontes abaixo e veja o que ${k} pode fazer por você.`,
      technical: (k) => `Confira as especificações completas das fontes citadas antes de aplicar ${k}.`,
      friendly: (k) => `Dê uma olhada nas fontes abaixo e experimente ${k}!`,
      authoritative: (k) => `Consulte as fontes citadas na íntegra e decida sobre ${k} com as evidências em mãos.`,
    },
    says: (k, n, t) => `${k}: o que ${n} fontes dizem${t ? ` sobre ${t}` : ""}`,
    metaTails: [
      "",
      ", com citações",
      ", cada passagem citada com a fonte",
      ", com cada passagem citada com a fonte",
      ", com cada passagem citada com a fonte para revisar",
      ", nas próprias palavras, com cada passagem citada com a fonte para revisar",
      ", nas próprias palavras, com cada passagem citada com a fonte para revisar e verificar antes de publicar",
    ],
    lowerHeadings: true,
    subjectNote: (k) => `${k} é o tema deste rascunho.`,
    disclaimer:
      "Rascunho de pesquisa montado a partir de citações, não de texto original: cada passagem entre aspas foi " +
      "retirada literalmente da fonte numerada que cita. Revise, reescreva e verifique antes de publicar.",
    unnamedSource: "Uma fonte",
  },
};
