import { Language } from '@fasp/core';

/**
 * Every notification the engine sends, in one place: who receives it, whether the person may
 * turn its email off, which placeholders its texts use, and its texts in the three languages.
 * Bodies are plain text; paragraphs are separated by a blank line; `{{placeholder}}` is filled
 * in (and escaped in the HTML version). The layout adds the greeting, the link and the footer.
 */
export interface KindTexts {
  subject: string;
  body: string;
}

export interface KindDefinition {
  /** who it is for (documentation; recipients are chosen by the planner) */
  audience: 'holder' | 'secretariat' | 'reviewer' | 'lead' | 'account';
  /** sent by email whatever the person's preferences (security mail) */
  always?: boolean;
  /** false: email only, never kept in the in-app inbox (its link carries a single-use credential) */
  inbox?: boolean;
  placeholders: readonly string[];
  texts: Record<Language, KindTexts>;
}

const P = ['title', 'faspId'] as const;

export const NOTIFICATION_KINDS = {
  dossier_submitted: {
    audience: 'holder',
    placeholders: [...P, 'call'],
    texts: {
      en: { subject: 'Dossier {{faspId}} received', body: 'Your dossier "{{title}}" was submitted to the call {{call}}. Its FASP number is {{faspId}}.\n\nThe Executive Secretariat will now check its eligibility.' },
      fr: { subject: 'Dossier {{faspId}} reçu', body: "Votre dossier « {{title}} » a été déposé dans l'appel {{call}}. Son numéro FASP est {{faspId}}.\n\nLe Secrétariat exécutif va maintenant vérifier son éligibilité." },
      es: { subject: 'Expediente {{faspId}} recibido', body: 'Su expediente «{{title}}» fue presentado a la convocatoria {{call}}. Su número FASP es {{faspId}}.\n\nLa Secretaría Ejecutiva verificará ahora su elegibilidad.' },
    },
  },
  dossier_received: {
    audience: 'secretariat',
    placeholders: [...P, 'call', 'organization'],
    texts: {
      en: { subject: 'New dossier {{faspId}} to check', body: '{{organization}} submitted "{{title}}" ({{faspId}}) to the call {{call}}. Its eligibility check is due.' },
      fr: { subject: 'Nouveau dossier {{faspId}} à examiner', body: "{{organization}} a déposé « {{title}} » ({{faspId}}) dans l'appel {{call}}. Sa vérification d'éligibilité est à faire." },
      es: { subject: 'Nuevo expediente {{faspId}} por revisar', body: '{{organization}} presentó «{{title}}» ({{faspId}}) a la convocatoria {{call}}. Queda pendiente la verificación de su elegibilidad.' },
    },
  },
  dossier_resubmitted: {
    audience: 'holder',
    placeholders: [...P],
    texts: {
      en: { subject: 'Dossier {{faspId}} resubmitted', body: 'Your updated dossier "{{title}}" ({{faspId}}) was received. We will let you know what happens next.' },
      fr: { subject: 'Dossier {{faspId}} déposé à nouveau', body: 'Votre dossier mis à jour « {{title}} » ({{faspId}}) a bien été reçu. Nous vous tiendrons informé de la suite.' },
      es: { subject: 'Expediente {{faspId}} presentado de nuevo', body: 'Recibimos su expediente actualizado «{{title}}» ({{faspId}}). Le informaremos de los próximos pasos.' },
    },
  },
  dossier_resubmitted_staff: {
    audience: 'secretariat',
    placeholders: [...P, 'organization'],
    texts: {
      en: { subject: 'Dossier {{faspId}} resubmitted', body: '{{organization}} resubmitted "{{title}}" ({{faspId}}).' },
      fr: { subject: 'Dossier {{faspId}} déposé à nouveau', body: '{{organization}} a déposé à nouveau « {{title}} » ({{faspId}}).' },
      es: { subject: 'Expediente {{faspId}} presentado de nuevo', body: '{{organization}} volvió a presentar «{{title}}» ({{faspId}}).' },
    },
  },
  info_requested: {
    audience: 'holder',
    placeholders: [...P, 'reason', 'deadline'],
    texts: {
      en: { subject: 'Information needed for {{faspId}}', body: 'The Executive Secretariat needs more information about "{{title}}" ({{faspId}}):\n\n{{reason}}\n\nPlease complete your dossier and resubmit it by {{deadline}}.' },
      fr: { subject: 'Informations demandées pour {{faspId}}', body: "Le Secrétariat exécutif a besoin d'informations complémentaires sur « {{title}} » ({{faspId}}) :\n\n{{reason}}\n\nMerci de compléter votre dossier et de le déposer à nouveau avant le {{deadline}}." },
      es: { subject: 'Se necesita información sobre {{faspId}}', body: 'La Secretaría Ejecutiva necesita más información sobre «{{title}}» ({{faspId}}):\n\n{{reason}}\n\nComplete su expediente y preséntelo de nuevo antes del {{deadline}}.' },
    },
  },
  not_admitted: {
    audience: 'holder',
    placeholders: [...P, 'reason'],
    texts: {
      en: { subject: '{{faspId}} was not admitted', body: 'After checking its eligibility, the Executive Secretariat could not admit "{{title}}" ({{faspId}}) to the assessment:\n\n{{reason}}' },
      fr: { subject: "{{faspId}} n'a pas été admis", body: "Après vérification de son éligibilité, le Secrétariat exécutif n'a pas pu admettre « {{title}} » ({{faspId}}) à l'évaluation :\n\n{{reason}}" },
      es: { subject: '{{faspId}} no fue admitido', body: 'Tras verificar su elegibilidad, la Secretaría Ejecutiva no pudo admitir «{{title}}» ({{faspId}}) a la evaluación:\n\n{{reason}}' },
    },
  },
  admitted: {
    audience: 'holder',
    placeholders: [...P],
    texts: {
      en: { subject: '{{faspId}} admitted to the assessment', body: '"{{title}}" ({{faspId}}) is eligible. Members of the Scientific and Technical Committee will now assess it.' },
      fr: { subject: "{{faspId}} admis à l'évaluation", body: '« {{title}} » ({{faspId}}) est éligible. Des membres du Comité scientifique et technique vont maintenant l’évaluer.' },
      es: { subject: '{{faspId}} admitido a la evaluación', body: '«{{title}}» ({{faspId}}) es elegible. Miembros del Comité Científico y Técnico lo evaluarán ahora.' },
    },
  },
  reviewer_invited: {
    audience: 'reviewer',
    placeholders: [...P, 'deadline', 'role'],
    texts: {
      en: { subject: 'Invitation to review {{faspId}}', body: 'You are invited to review "{{title}}" ({{faspId}}) as {{role}}.\n\nPlease accept or decline by {{deadline}}.' },
      fr: { subject: 'Invitation à évaluer {{faspId}}', body: 'Vous êtes invité à évaluer « {{title}} » ({{faspId}}) en tant que {{role}}.\n\nMerci d’accepter ou de refuser avant le {{deadline}}.' },
      es: { subject: 'Invitación a evaluar {{faspId}}', body: 'Se le invita a evaluar «{{title}}» ({{faspId}}) como {{role}}.\n\nAcepte o rechace antes del {{deadline}}.' },
    },
  },
  invitation_reminder: {
    audience: 'reviewer',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Reminder: invitation to review {{faspId}}', body: 'Your invitation to review "{{title}}" ({{faspId}}) is still waiting for your answer. It expires on {{deadline}}.' },
      fr: { subject: 'Rappel : invitation à évaluer {{faspId}}', body: 'Votre invitation à évaluer « {{title}} » ({{faspId}}) attend toujours votre réponse. Elle expire le {{deadline}}.' },
      es: { subject: 'Recordatorio: invitación a evaluar {{faspId}}', body: 'Su invitación a evaluar «{{title}}» ({{faspId}}) sigue esperando respuesta. Vence el {{deadline}}.' },
    },
  },
  invitation_expired: {
    audience: 'secretariat',
    placeholders: [...P, 'reviewer'],
    texts: {
      en: { subject: 'Invitation for {{faspId}} expired', body: '{{reviewer}} did not answer the invitation to review "{{title}}" ({{faspId}}). The seat is being offered to another reviewer.' },
      fr: { subject: 'Invitation pour {{faspId}} expirée', body: "{{reviewer}} n'a pas répondu à l'invitation à évaluer « {{title}} » ({{faspId}}). La place est proposée à un autre évaluateur." },
      es: { subject: 'Invitación para {{faspId}} vencida', body: '{{reviewer}} no respondió a la invitación a evaluar «{{title}}» ({{faspId}}). La plaza se ofrece a otro evaluador.' },
    },
  },
  invitation_cancelled: {
    audience: 'reviewer',
    placeholders: [...P],
    texts: {
      en: { subject: 'Invitation for {{faspId}} withdrawn', body: 'The project "{{title}}" ({{faspId}}) was withdrawn: your invitation to review it no longer stands. Thank you.' },
      fr: { subject: 'Invitation pour {{faspId}} annulée', body: "Le projet « {{title}} » ({{faspId}}) a été retiré : votre invitation à l'évaluer est annulée. Merci." },
      es: { subject: 'Invitación para {{faspId}} anulada', body: 'El proyecto «{{title}}» ({{faspId}}) fue retirado: su invitación a evaluarlo queda anulada. Gracias.' },
    },
  },
  assignment_removed: {
    audience: 'reviewer',
    placeholders: [...P],
    texts: {
      en: { subject: 'You no longer review {{faspId}}', body: 'The Executive Secretariat released you from the review of "{{title}}" ({{faspId}}). Thank you for your time.' },
      fr: { subject: "Vous n'évaluez plus {{faspId}}", body: "Le Secrétariat exécutif vous a déchargé de l'évaluation de « {{title}} » ({{faspId}}). Merci pour votre temps." },
      es: { subject: 'Ya no evalúa {{faspId}}', body: 'La Secretaría Ejecutiva le liberó de la evaluación de «{{title}}» ({{faspId}}). Gracias por su tiempo.' },
    },
  },
  review_started: {
    audience: 'reviewer',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Review of {{faspId}} can start', body: 'All reviewers of "{{title}}" ({{faspId}}) are in place. Please submit your review by {{deadline}}.' },
      fr: { subject: "L'évaluation de {{faspId}} peut commencer", body: 'Tous les évaluateurs de « {{title}} » ({{faspId}}) sont désignés. Merci de soumettre votre évaluation avant le {{deadline}}.' },
      es: { subject: 'La evaluación de {{faspId}} puede comenzar', body: 'Todos los evaluadores de «{{title}}» ({{faspId}}) están designados. Envíe su evaluación antes del {{deadline}}.' },
    },
  },
  review_due_soon: {
    audience: 'reviewer',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Your review of {{faspId}} is due on {{deadline}}', body: 'A reminder that your review of "{{title}}" ({{faspId}}) is due on {{deadline}}.' },
      fr: { subject: 'Votre évaluation de {{faspId}} est attendue le {{deadline}}', body: 'Pour rappel, votre évaluation de « {{title}} » ({{faspId}}) est attendue le {{deadline}}.' },
      es: { subject: 'Su evaluación de {{faspId}} vence el {{deadline}}', body: 'Le recordamos que su evaluación de «{{title}}» ({{faspId}}) vence el {{deadline}}.' },
    },
  },
  review_overdue: {
    audience: 'reviewer',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Your review of {{faspId}} is overdue', body: 'Your review of "{{title}}" ({{faspId}}) was due on {{deadline}}. Please submit it as soon as you can, or tell the Executive Secretariat if you cannot.' },
      fr: { subject: 'Votre évaluation de {{faspId}} est en retard', body: "Votre évaluation de « {{title}} » ({{faspId}}) était attendue le {{deadline}}. Merci de la soumettre dès que possible, ou de prévenir le Secrétariat exécutif si vous ne le pouvez pas." },
      es: { subject: 'Su evaluación de {{faspId}} está atrasada', body: 'Su evaluación de «{{title}}» ({{faspId}}) vencía el {{deadline}}. Envíela cuanto antes o avise a la Secretaría Ejecutiva si no puede hacerlo.' },
    },
  },
  review_overdue_escalation: {
    audience: 'secretariat',
    placeholders: [...P, 'deadline', 'reviewer'],
    texts: {
      en: { subject: 'Overdue review on {{faspId}}', body: 'The review of "{{title}}" ({{faspId}}) by {{reviewer}} was due on {{deadline}} and is still missing.' },
      fr: { subject: 'Évaluation en retard sur {{faspId}}', body: "L'évaluation de « {{title}} » ({{faspId}}) par {{reviewer}} était attendue le {{deadline}} et manque toujours." },
      es: { subject: 'Evaluación atrasada en {{faspId}}', body: 'La evaluación de «{{title}}» ({{faspId}}) por {{reviewer}} vencía el {{deadline}} y sigue pendiente.' },
    },
  },
  stage_overdue: {
    audience: 'secretariat',
    placeholders: [...P, 'deadline', 'stage'],
    texts: {
      en: { subject: '{{faspId}} is overdue ({{stage}})', body: '"{{title}}" ({{faspId}}) has been in stage {{stage}} past its deadline of {{deadline}}.' },
      fr: { subject: '{{faspId}} est en retard ({{stage}})', body: '« {{title}} » ({{faspId}}) est à l’étape {{stage}} au-delà de son échéance du {{deadline}}.' },
      es: { subject: '{{faspId}} está atrasado ({{stage}})', body: '«{{title}}» ({{faspId}}) sigue en la etapa {{stage}} después de su plazo del {{deadline}}.' },
    },
  },
  reviews_complete: {
    audience: 'lead',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'All reviews of {{faspId}} are in', body: 'Every review of "{{title}}" ({{faspId}}) is submitted. As lead reviewer, please write the consolidated assessment and propose an outcome by {{deadline}}.' },
      fr: { subject: 'Toutes les évaluations de {{faspId}} sont remises', body: "Toutes les évaluations de « {{title}} » ({{faspId}}) sont soumises. En tant qu'évaluateur principal, merci de rédiger l'évaluation consolidée et de proposer une issue avant le {{deadline}}." },
      es: { subject: 'Todas las evaluaciones de {{faspId}} están completas', body: 'Todas las evaluaciones de «{{title}}» ({{faspId}}) fueron enviadas. Como evaluador principal, redacte la evaluación consolidada y proponga un resultado antes del {{deadline}}.' },
    },
  },
  review_reopened: {
    audience: 'lead',
    placeholders: [...P],
    texts: {
      en: { subject: 'One more review for {{faspId}}', body: 'The reviews of "{{title}}" ({{faspId}}) diverge: one more reviewer is being invited. The consolidation resumes once that review is in.' },
      fr: { subject: 'Une évaluation de plus pour {{faspId}}', body: 'Les évaluations de « {{title}} » ({{faspId}}) divergent : un évaluateur supplémentaire est invité. La consolidation reprendra une fois son évaluation remise.' },
      es: { subject: 'Una evaluación más para {{faspId}}', body: 'Las evaluaciones de «{{title}}» ({{faspId}}) divergen: se invita a un evaluador más. La consolidación se reanudará cuando llegue su evaluación.' },
    },
  },
  outcome_proposed: {
    audience: 'secretariat',
    placeholders: [...P, 'outcome'],
    texts: {
      en: { subject: 'Outcome proposed for {{faspId}}', body: 'The lead reviewer proposed the outcome "{{outcome}}" for "{{title}}" ({{faspId}}). It is ready to be released.' },
      fr: { subject: 'Issue proposée pour {{faspId}}', body: "L'évaluateur principal a proposé l'issue « {{outcome}} » pour « {{title}} » ({{faspId}}). Elle peut être communiquée." },
      es: { subject: 'Resultado propuesto para {{faspId}}', body: 'El evaluador principal propuso el resultado «{{outcome}}» para «{{title}}» ({{faspId}}). Está listo para comunicarse.' },
    },
  },
  revision_requested: {
    audience: 'holder',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Feedback on {{faspId}}: revision invited', body: 'The Scientific and Technical Committee has assessed "{{title}}" ({{faspId}}) and invites you to revise it. Read the formative feedback criterion by criterion, then resubmit your revised dossier by {{deadline}}.' },
      fr: { subject: 'Retour sur {{faspId}} : révision proposée', body: 'Le Comité scientifique et technique a évalué « {{title}} » ({{faspId}}) et vous invite à le réviser. Consultez le retour formatif critère par critère, puis déposez votre dossier révisé avant le {{deadline}}.' },
      es: { subject: 'Comentarios sobre {{faspId}}: se invita a revisar', body: 'El Comité Científico y Técnico evaluó «{{title}}» ({{faspId}}) y le invita a revisarlo. Lea los comentarios formativos criterio por criterio y vuelva a presentar su expediente revisado antes del {{deadline}}.' },
    },
  },
  revision_due_soon: {
    audience: 'holder',
    placeholders: [...P, 'deadline'],
    texts: {
      en: { subject: 'Revision of {{faspId}} due on {{deadline}}', body: 'A reminder that your revised dossier "{{title}}" ({{faspId}}) is expected by {{deadline}}.' },
      fr: { subject: 'Révision de {{faspId}} attendue le {{deadline}}', body: 'Pour rappel, votre dossier révisé « {{title}} » ({{faspId}}) est attendu avant le {{deadline}}.' },
      es: { subject: 'Revisión de {{faspId}} esperada el {{deadline}}', body: 'Le recordamos que su expediente revisado «{{title}}» ({{faspId}}) se espera antes del {{deadline}}.' },
    },
  },
  outcome: {
    audience: 'holder',
    placeholders: [...P, 'outcome'],
    texts: {
      en: { subject: 'Assessment of {{faspId}}: {{outcome}}', body: 'The formative assessment of "{{title}}" ({{faspId}}) is complete. Outcome: {{outcome}}.\n\nYour evaluation report, with the feedback criterion by criterion, is available on your project page.' },
      fr: { subject: 'Évaluation de {{faspId}} : {{outcome}}', body: "L'évaluation formative de « {{title}} » ({{faspId}}) est terminée. Issue : {{outcome}}.\n\nVotre rapport d'évaluation, avec le retour critère par critère, est disponible sur la page de votre projet." },
      es: { subject: 'Evaluación de {{faspId}}: {{outcome}}', body: 'La evaluación formativa de «{{title}}» ({{faspId}}) ha concluido. Resultado: {{outcome}}.\n\nSu informe de evaluación, con los comentarios criterio por criterio, está disponible en la página de su proyecto.' },
    },
  },
  published: {
    audience: 'holder',
    placeholders: [...P],
    texts: {
      en: { subject: '{{faspId}} is published as an investment opportunity', body: '"{{title}}" ({{faspId}}) is now listed among the investment opportunities of the 4 per 1000 Initiative.' },
      fr: { subject: "{{faspId}} est publié comme opportunité d'investissement", body: "« {{title}} » ({{faspId}}) figure désormais parmi les opportunités d'investissement de l'Initiative 4 pour 1000." },
      es: { subject: '{{faspId}} se publica como oportunidad de inversión', body: '«{{title}}» ({{faspId}}) figura ahora entre las oportunidades de inversión de la Iniciativa 4 por 1000.' },
    },
  },
  withdrawn: {
    audience: 'secretariat',
    placeholders: [...P],
    texts: {
      en: { subject: '{{faspId}} withdrawn', body: 'The holder withdrew "{{title}}" ({{faspId}}).' },
      fr: { subject: '{{faspId}} retiré', body: 'Le porteur a retiré « {{title}} » ({{faspId}}).' },
      es: { subject: '{{faspId}} retirado', body: 'El titular retiró «{{title}}» ({{faspId}}).' },
    },
  },
  project_withdrawn_reviewer: {
    audience: 'reviewer',
    placeholders: [...P],
    texts: {
      en: { subject: '{{faspId}} was withdrawn', body: 'The holder withdrew "{{title}}" ({{faspId}}): no further review is needed. Thank you for your work.' },
      fr: { subject: '{{faspId}} a été retiré', body: "Le porteur a retiré « {{title}} » ({{faspId}}) : aucune évaluation supplémentaire n'est nécessaire. Merci pour votre travail." },
      es: { subject: '{{faspId}} fue retirado', body: 'El titular retiró «{{title}}» ({{faspId}}): no se necesita ninguna otra evaluación. Gracias por su trabajo.' },
    },
  },
  revision_submitted: {
    audience: 'reviewer',
    placeholders: [...P, 'round', 'deadline'],
    texts: {
      en: { subject: 'Revised dossier {{faspId}}: round {{round}}', body: 'The holder revised "{{title}}" ({{faspId}}). Please review the new version (round {{round}}); you will see what changed and your previous review. Due by {{deadline}}.' },
      fr: { subject: 'Dossier révisé {{faspId}} : cycle {{round}}', body: 'Le porteur a révisé « {{title}} » ({{faspId}}). Merci d’évaluer la nouvelle version (cycle {{round}}) ; vous verrez ce qui a changé et votre évaluation précédente. À remettre avant le {{deadline}}.' },
      es: { subject: 'Expediente revisado {{faspId}}: ronda {{round}}', body: 'El titular revisó «{{title}}» ({{faspId}}). Evalúe la nueva versión (ronda {{round}}); verá lo que cambió y su evaluación anterior. Plazo: {{deadline}}.' },
    },
  },
  reviewer_thanks: {
    audience: 'reviewer',
    placeholders: [...P],
    texts: {
      en: { subject: 'Thank you for reviewing {{faspId}}', body: 'The assessment of "{{title}}" ({{faspId}}) is complete. Thank you for your contribution to the Committee’s work.' },
      fr: { subject: 'Merci pour votre évaluation de {{faspId}}', body: "L'évaluation de « {{title}} » ({{faspId}}) est terminée. Merci pour votre contribution aux travaux du Comité." },
      es: { subject: 'Gracias por evaluar {{faspId}}', body: 'La evaluación de «{{title}}» ({{faspId}}) ha concluido. Gracias por su contribución al trabajo del Comité.' },
    },
  },
  password_reset: {
    audience: 'account',
    always: true,
    inbox: false,
    placeholders: ['expires'],
    texts: {
      en: { subject: 'Choose a new password', body: 'Someone (hopefully you) asked to reset the password of your FASP account. The link below works once, until {{expires}}.\n\nIf it was not you, ignore this message: your password does not change.' },
      fr: { subject: 'Choisissez un nouveau mot de passe', body: "Quelqu'un (vous, sans doute) a demandé à réinitialiser le mot de passe de votre compte FASP. Le lien ci-dessous fonctionne une fois, jusqu'au {{expires}}.\n\nSi ce n'était pas vous, ignorez ce message : votre mot de passe ne change pas." },
      es: { subject: 'Elija una nueva contraseña', body: 'Alguien (seguramente usted) pidió restablecer la contraseña de su cuenta FASP. El enlace de abajo funciona una vez, hasta el {{expires}}.\n\nSi no fue usted, ignore este mensaje: su contraseña no cambia.' },
    },
  },
  account_invitation: {
    audience: 'account',
    always: true,
    inbox: false,
    placeholders: ['roles', 'expires'],
    texts: {
      en: { subject: 'Your FASP account', body: 'An account was created for you on the FASP platform of the 4 per 1000 Initiative ({{roles}}). Choose your password with the link below, before {{expires}}.' },
      fr: { subject: 'Votre compte FASP', body: "Un compte a été créé pour vous sur la plateforme FASP de l'Initiative 4 pour 1000 ({{roles}}). Choisissez votre mot de passe avec le lien ci-dessous, avant le {{expires}}." },
      es: { subject: 'Su cuenta FASP', body: 'Se creó una cuenta para usted en la plataforma FASP de la Iniciativa 4 por 1000 ({{roles}}). Elija su contraseña con el enlace de abajo antes del {{expires}}.' },
    },
  },
  daily_digest: {
    audience: 'secretariat',
    placeholders: ['date', 'submissions', 'overdue', 'attention'],
    texts: {
      en: { subject: 'FASP daily summary, {{date}}', body: 'New submissions in the last 24 hours: {{submissions}}\n\nOverdue items: {{overdue}}\n\nNeeding attention: {{attention}}' },
      fr: { subject: 'Résumé quotidien FASP, {{date}}', body: 'Nouveaux dépôts des dernières 24 heures : {{submissions}}\n\nÉléments en retard : {{overdue}}\n\nÀ traiter : {{attention}}' },
      es: { subject: 'Resumen diario FASP, {{date}}', body: 'Nuevas presentaciones en las últimas 24 horas: {{submissions}}\n\nElementos atrasados: {{overdue}}\n\nRequieren atención: {{attention}}' },
    },
  },
} as const satisfies Record<string, KindDefinition>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && value in NOTIFICATION_KINDS;
}

/** Words the layout and the placeholders need in each language. */
export const LAYOUT_TEXTS: Record<Language, { greeting: string; open: string; footer: string; outcomes: Record<string, string>; roles: Record<string, string>; stages: Record<string, string>; none: string }> = {
  en: {
    greeting: 'Dear {{name}},',
    open: 'Open in FASP',
    footer: 'Formative Assessment of Soil Projects — Scientific and Technical Committee of the 4 per 1000 Initiative. You can choose which emails you receive in your notification preferences.',
    outcomes: { positive: 'positive', not_positive: 'not positive', revise: 'revision invited' },
    roles: { lead: 'lead reviewer', member: 'reviewer' },
    stages: { submitted: 'eligibility check', info_requested: 'information requested', assignment: 'reviewer assignment', review: 'review', consolidation: 'consolidation', revision: 'revision' },
    none: 'none',
  },
  fr: {
    greeting: 'Bonjour {{name}},',
    open: 'Ouvrir dans FASP',
    footer: "Évaluation formative des projets sols — Comité scientifique et technique de l'Initiative 4 pour 1000. Vous pouvez choisir les courriels que vous recevez dans vos préférences de notification.",
    outcomes: { positive: 'favorable', not_positive: 'non favorable', revise: 'révision proposée' },
    roles: { lead: 'évaluateur principal', member: 'évaluateur' },
    stages: { submitted: "vérification d'éligibilité", info_requested: 'informations demandées', assignment: 'désignation des évaluateurs', review: 'évaluation', consolidation: 'consolidation', revision: 'révision' },
    none: 'aucun',
  },
  es: {
    greeting: 'Estimado/a {{name}}:',
    open: 'Abrir en FASP',
    footer: 'Evaluación Formativa de Proyectos de Suelos — Comité Científico y Técnico de la Iniciativa 4 por 1000. Puede elegir qué correos recibe en sus preferencias de notificación.',
    outcomes: { positive: 'favorable', not_positive: 'no favorable', revise: 'revisión solicitada' },
    roles: { lead: 'evaluador principal', member: 'evaluador' },
    stages: { submitted: 'verificación de elegibilidad', info_requested: 'información solicitada', assignment: 'designación de evaluadores', review: 'evaluación', consolidation: 'consolidación', revision: 'revisión' },
    none: 'ninguno',
  },
};
