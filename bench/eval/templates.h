/* bench/eval/templates.h: the sentence and paragraph templates the planter
 * fills in. Marks: {N} a name from the text, {P}/{p} subject pronoun
 * (She/she), {o} object (her), {d}/{D} possessive (her/Her), {r} reflexive
 * (herself), {W} woman/man, {c} a colour, {a} an age in words; [past|present]
 * picks the tense. Templates avoid words whose US and UK spellings differ. */
#ifndef SM_EVAL_TEMPLATES_H
#define SM_EVAL_TEMPLATES_H

/* First-person narration, for a third-person book (pov-shift). */
static const char *const tpl_pov_first[] = {
	"I [watched|watch] {N} cross the room, and I [could|can] not help thinking that {p} [had|has] already made up {d} mind. My own heart [was|is] beating too fast, and I [looked|look] away before {p} [could|can] see it in my face.",
	"I [remembered|remember] the first time I [saw|saw] {N} like this, so still and so certain. I [wanted|want] to say something, anything, but my voice [failed|fails] me and I [stood|stand] there with my hands at my sides.",
	"From where I [stood|stand] by the door, I [could|can] see everything: {N}'s hands, the letter, the way {p} [kept|keeps] folding and unfolding it. I [told|tell] myself it [was|is] none of my business, and I [did|do] not believe a word of it.",
	"I [knew|know] then that I [had|have] been wrong about {N}. My mistake [was|is] a simple one, and I [felt|feel] it settle in my stomach like a stone while {p} [went|goes] on talking.",
	"My hands [were|are] shaking, so I [put|put] them in my pockets and [waited|wait]. {N} [did|does] not look at me. I [counted|count] the seconds, the way my mother taught me, and I [got|get] to forty before anyone [moved|moves].",
	"I [liked|like] {N} more than I [had expected|expected] to. There [was|is] something in {d} manner that [put|puts] me at ease, and I [found|find] myself smiling for the first time that day.",
	"It [seemed|seems] to me that {N} [was|is] hiding something. I [said|say] nothing, because I [wanted|want] to see how far {p} would go, and I [kept|keep] my eyes on {d} face the whole time.",
	"I [thought|think] about leaving. I [thought|think] about the road home and how easy it would be to simply go. Then {N} [looked|looks] up at me, and I [stayed|stay] where I [was|am].",
};

/* Third-person interior narration of another character, for a first-person
 * book (pov-shift: the narrator cannot know it). */
static const char *const tpl_pov_third[] = {
	"{N} [wondered|wonders] whether {p} [had|has] made a terrible mistake. {P} [thought|thinks] of {d} mother, of the house by the river, of everything {p} [had|has] given up to be here, and {p} [felt|feels] the old anger rise in {d} chest.",
	"Across the table, {N} [was|is] thinking about the money. {P} [had|has] counted it twice that morning, and {p} [knew|knows] exactly how much [was|is] missing, and {p} [knew|knows] who [had taken|took] it.",
	"{N} [hated|hates] waiting rooms. {P} [hated|hates] the smell and the light and the way strangers [looked|look] through {o}, and {p} [promised|promises] {r} that this would be the last time.",
	"Deep down, {N} [was|is] afraid. {P} [had|has] never told anyone, not even {d} sister, and {p} [kept|keeps] the fear folded small inside {o} where nobody [could|can] see it.",
	"{N} [felt|feels] the lie sitting in {d} throat. {P} [had|has] rehearsed it all the way here, and now that the moment [had|has] come {p} [could|can] not remember a single word of it.",
	"{N} [remembered|remembers] the summer {p} [had|has] turned twelve, the heat, the river, the boy who [had drowned|drowned] there, and {p} [wondered|wonders], not for the first time, whether anyone else still [thought|thinks] about it.",
	"Privately, {N} [was|is] sure the plan would fail. {P} [had|has] seen plans like it before, and {p} [knew|knows] how they ended, but {p} [said|says] nothing and [let|lets] the others talk.",
	"{N} [was|is] tired in a way {p} [could|can] not explain, tired in {d} bones, and {p} [wanted|wants] more than anything to be alone with {d} own thoughts for an hour.",
};

/* Narration with a character, rendered in the book's other tense (tense-shift). */
static const char *const tpl_tense[] = {
	"{N} [walked|walks] to the window and [looked|looks] down at the street. The rain [had stopped|has stopped], but the pavement still [shone|shines] under the lamps, and {p} [stood|stands] there for a long time, listening to the house settle around {o}.",
	"{N} [took|takes] the stairs two at a time. At the top {p} [stopped|stops], [caught|catches] {d} breath and [pushed|pushes] the door open. The room [was|is] empty, the bed [was|is] made, and the window [was|is] open to the cold.",
	"The kitchen [smelled|smells] of burnt coffee. {N} [poured|pours] a cup anyway, [sat|sits] down at the table and [read|reads] the note again, slowly this time, as if the words might change.",
	"{N} [did|does] not answer. {P} [picked|picks] up {d} keys, [checked|checks] the lock twice and [went|goes] out into the yard, where the dog [was|is] waiting by the gate with its ears flat.",
	"Outside, the wind [was|is] rising. {N} [pulled|pulls] {d} coat tighter and [kept|keeps] walking, past the shuttered shops and the empty bus stop, until the lights of the station [came|come] into view.",
	"{N} [sat|sits] on the edge of the bed and [stared|stares] at the phone. It [rang|rings] twice, then [stopped|stops]. {P} [waited|waits], counting, and when it [rang|rings] again {p} [let|lets] it ring.",
	"By noon the heat [was|is] unbearable. {N} [found|finds] a patch of shade under the old oak, [spread|spreads] {d} jacket on the grass and [lay|lies] down, watching the leaves move against the white sky.",
	"{N} [opened|opens] the drawer. Inside [were|are] the letters, tied with a faded ribbon, exactly where {p} [had left|left] them years before. {P} [untied|unties] the ribbon with careful fingers and [began|begins] to read.",
	"The train [was|is] late. {N} [paced|paces] the platform, [checked|checks] the board, [bought|buys] a paper {p} [did|does] not read, and [watched|watches] the pigeons fight over a crust near the tracks.",
	"{N} [knelt|kneels] beside the fire and [fed|feeds] it another log. The flames [caught|catch] and [climbed|climb], and for a moment the whole room [glowed|glows] orange, and {p} [felt|feels] almost warm.",
};

/* Expository paragraphs for dialogue scenes (info-dump). */
static const char *const tpl_dump[] = {
	"The town [had been|was] founded in 1823 by a group of mill owners from the north, who chose the site for its river and its cheap land. Over the following decades its population grew from a few hundred to nearly forty thousand, and the textile industry, which at its height employed more than half of the working population, shaped every aspect of its economic, social and political development. The decline of manufacturing after the Second World War, accelerated by the closure of the canal and the construction of the motorway, left the municipal administration with substantial debts, a shrinking tax base and a considerable quantity of derelict industrial property.",
	"The engine [was|is] a closed-cycle design that [used|uses] liquid hydrogen as both propellant and coolant. Fuel [passed|passes] through a series of regenerative channels in the nozzle wall before entering the combustion chamber, where it [reached|reaches] temperatures of more than three thousand degrees, and the resulting exhaust velocity [gave|gives] the vessel a specific impulse roughly twice that of conventional chemical propulsion systems. Maintenance [required|requires] the complete disassembly of the turbopump assembly every four hundred operating hours, a procedure that [took|takes] a qualified technician approximately nine days.",
	"The {N} family [had held|has held] the estate since the reign of George the Second, when the first baronet purchased it from the heirs of a bankrupt merchant. His eldest son married the daughter of a wealthy shipping magnate, and the resulting fortune financed the construction of the east wing, the enlargement of the park and the acquisition of several adjoining farms. Their descendants included two members of parliament, a bishop, an unsuccessful inventor and a colonial administrator, whose collection of botanical specimens was eventually donated to the national museum.",
	"The economic situation of the region [was|is], by any reasonable measure, precarious. Unemployment [had remained|has remained] above twelve percent for most of the previous decade, public investment in transport and housing [had fallen|has fallen] by almost a third, and the agricultural sector, which still [accounted|accounts] for a significant proportion of regional output, [depended|depends] heavily on subsidies whose future [was|is] uncertain. Successive administrations [had promised|have promised] structural reform, diversification and the development of tourism, but their policies [were|are] inconsistent, poorly funded and frequently abandoned after each election.",
	"Memory, according to the prevailing theory, is not a recording but a reconstruction. Each time an experience is recalled, the neural pathways that encode it are reactivated and subtly modified, so that the memory itself becomes vulnerable to distortion, suggestion and the influence of subsequent information. Experimental studies have demonstrated that confident, detailed and emotionally vivid recollections can be entirely fabricated, and that the subjective certainty of a witness bears little relationship to the objective accuracy of the testimony.",
	"Under the regulations then in force, an application for a residence permit [required|requires] the submission of a completed declaration, a certified copy of the applicant's birth certificate, evidence of sufficient financial resources and a medical certificate issued by an approved practitioner. The documents [were|are] examined by a regional committee, which [met|meets] on the first Tuesday of each month and whose decisions [could|can] be appealed only on procedural grounds, within thirty days, to the administrative tribunal of the relevant district.",
	"The magic of the old order [rested|rests] on three principles: equivalence, proximity and consent. Every working [required|requires] the expenditure of a quantity of energy proportional to the change it [produced|produces], drawn either from the practitioner's own body or from a prepared vessel; its effect [diminished|diminishes] with the square of the distance from the point of casting; and no enchantment [could|can] permanently alter a living creature without that creature's explicit agreement. Violations of the third principle, although theoretically possible, invariably [produced|produce] unstable results and [were|are] prohibited by the statutes of the academy.",
	"{N} [had been|was] born in a small industrial town, the second of four children of a railway clerk and a schoolteacher. After completing a degree in civil engineering with distinction, {p} [had spent|spent] six years working for an international construction consortium on infrastructure projects on three continents, followed by a period of consultancy, a brief and unsuccessful venture in property development, and finally an appointment as deputy director of regional planning, a position {p} [had held|has held] for eleven years.",
	"The company [had been|was] established in 1962 as a small manufacturer of precision instruments for the aviation industry. Following a series of acquisitions in the nineteen-eighties, it expanded into medical equipment, industrial sensors and security systems, and by the end of the century it [employed|employs] more than twelve thousand people in fourteen countries. Its corporate structure, a complex arrangement of holding companies, subsidiaries and joint ventures registered in several jurisdictions, [had been|was] designed primarily to minimise taxation and to protect the controlling shareholders from liability.",
};

/* Attribute statements: eyes and hair take {c}, age {a}. */
static const char *const tpl_eyes[] = {
	"{N}'s eyes [were|are] a clear {c}.",
	"{N}'s {c} eyes [narrowed|narrow].",
	"{N} [had|has] {c} eyes.",
	"{N} [looked|looks] up, {d} {c} eyes steady.",
	"{N}, whose eyes [were|are] {c}, [said|says] nothing.",
	"{N}'s eyes, a deep, startling {c}, [gave|give] nothing away.",
	"The {c}-eyed {N} [waited|waits] by the door.",
	"{N} [turned|turns], and the light [caught|catches] {d} {c} eyes.",
	"{N} [watched|watches] them with eyes of a pale {c}.",
};
static const char *const tpl_hair[] = {
	"{N}'s hair [was|is] a deep {c}.",
	"{N} [pushed|pushes] {d} {c} hair out of {d} face.",
	"{N}'s {c} hair [was|is] tied back.",
	"{N} [had|has] {c} hair.",
	"{N}, whose hair [was|is] {c}, [stood|stands] apart from the others.",
	"{N} [ran|runs] a hand through {d} {c} hair.",
	"The {c}-haired {N} [laughed|laughs].",
	"{N}'s hair, {c} and cut short, [was|is] wet from the rain.",
};
static const char *const tpl_age[] = {
	"{N} [was|is] {a} years old.",
	"{N}, who [was|is] {a}, [said|says] nothing.",
	"At {a}, {N} [had|has] seen enough of the world.",
	"{N} [had|has] just turned {a}.",
	"{N} [was|is] {a}.",
	"{N}, aged {a}, [sat|sits] in the corner.",
	"{N} [was|is] a {W} of {a}.",
	"{N} [was|is] {a} that year.",
};

#endif
