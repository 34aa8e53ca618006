/**
 * @module The job board's demonstration data: employers and vacancies (the back-ends serve these).
 */

export interface Employer {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly about: string;
  readonly staff: number;
}

export interface Vacancy {
  readonly id: string;
  readonly title: string;
  readonly employerId: string;
  readonly city: string;
  readonly salaryFrom: number;
  readonly salaryTo: number;
  readonly skills: readonly string[];
  readonly description: string;
}

export const EMPLOYERS: readonly Employer[] = [
  {
    id: "e1",
    name: "Northwind Logistics",
    city: "Moscow",
    about: "Freight forwarding across Eurasia since 1998.",
    staff: 1200,
  },
  { id: "e2", name: "Volga Software", city: "Kazan", about: "Banking software and mobile apps.", staff: 340 },
  {
    id: "e3",
    name: "Neva Bakery Group",
    city: "Saint Petersburg",
    about: "Forty bakeries and a central kitchen.",
    staff: 610,
  },
  { id: "e4", name: "Ural Steelworks", city: "Yekaterinburg", about: "Rolled steel and pipes.", staff: 5400 },
  { id: "e5", name: "Baikal Travel", city: "Irkutsk", about: "Tours around the lake, summer and winter.", staff: 45 },
];

const TITLES = [
  ["Java developer", ["java", "spring", "sql"]],
  ["Frontend developer", ["typescript", "react", "css"]],
  ["Python developer", ["python", "django", "postgresql"]],
  ["Accountant", ["1c", "ifrs", "excel"]],
  ["Truck driver", ["category ce", "tachograph"]],
  ["Baker", ["bread", "pastry", "night shifts"]],
  ["Warehouse manager", ["wms", "logistics", "team lead"]],
  ["Tour guide", ["english", "hiking", "first aid"]],
  ["QA engineer", ["testing", "selenium", "api"]],
  ["Welder", ["tig", "mig", "blueprints"]],
] as const;

/** Sixty vacancies, deterministic. */
export const VACANCIES: readonly Vacancy[] = Array.from({ length: 60 }, (_, i) => {
  const [title, skills] = TITLES[i % TITLES.length] ?? TITLES[0];
  const employer = EMPLOYERS[(i * 7) % EMPLOYERS.length] ?? EMPLOYERS[0];
  if (!employer) throw new Error("no employers");
  const from = 60_000 + ((i * 13_000) % 150_000);
  return {
    id: String(1000 + i),
    title: i < TITLES.length ? title : `${i % 3 === 0 ? "Senior " : i % 3 === 1 ? "Junior " : ""}${title}`,
    employerId: employer.id,
    city: employer.city,
    salaryFrom: from,
    salaryTo: from + 40_000,
    skills,
    description: `${employer.name} is looking for a ${title.toLowerCase()} in ${employer.city}.`,
  };
});

/** Translations (the translation back-end serves these by key). */
export const TRANSLATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: {
    "site.title": "Jobs on bonafide",
    "site.tagline": "A job board served by the bonafide aggregator",
    "search.button": "Find",
    "search.placeholder": "Job title or skill",
    "search.found": "vacancies found",
    "search.corrected": "Showing results for",
    "search.instead": "Search instead for",
    "search.nothing": "Nothing found",
    "vacancy.salary": "Salary",
    "vacancy.skills": "Skills",
    "vacancy.employer": "Employer",
    "vacancy.stats": "Salaries for this job in the city",
    "vacancy.pdf": "Download as PDF",
    "vacancy.similar": "Similar vacancies",
    "employers.title": "Employers",
    "employers.staff": "staff",
    "nav.home": "Home",
    "nav.employers": "Employers",
    "region.label": "Region",
    "degraded.note": "Some information is temporarily unavailable.",
  },
  ru: {
    "site.title": "Вакансии на bonafide",
    "site.tagline": "Доска вакансий, собранная агрегатором bonafide",
    "search.button": "Найти",
    "search.placeholder": "Должность или навык",
    "search.found": "вакансий найдено",
    "search.corrected": "Показаны результаты для",
    "search.instead": "Искать вместо этого",
    "search.nothing": "Ничего не найдено",
    "vacancy.salary": "Зарплата",
    "vacancy.skills": "Навыки",
    "vacancy.employer": "Работодатель",
    "vacancy.stats": "Зарплаты по этой профессии в городе",
    "vacancy.pdf": "Скачать PDF",
    "vacancy.similar": "Похожие вакансии",
    "employers.title": "Работодатели",
    "employers.staff": "сотрудников",
    "nav.home": "Главная",
    "nav.employers": "Работодатели",
    "region.label": "Регион",
    "degraded.note": "Часть сведений временно недоступна.",
  },
};
