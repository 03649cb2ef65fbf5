/**
 * Given names that are one name in several languages, where spelling similarity cannot
 * see it (Eugene / Yevgeny, Joseph / Yusuf / José, Peter / Pyotr / Pedro). Lists write a
 * person under the form of the list's language; applicants give the form of theirs.
 * Cognates only: nicknames (Bob, Sasha) and merely related names are left out.
 */
const groups: readonly string[] = [
  'yevgeniy yevgeny evgeny evgeniy evgenii eugene eugen eugenio eugeniusz yevhen',
  'mikhail michael michel miguel mihail mikael michal mykhailo michele',
  'pyotr petr peter pedro pierre pietro piotr petro petar petru',
  'pavel paul pablo paolo pawel pavlo',
  'aleksandr alexander alejandro alessandro alexandre oleksandr aleksander iskander iskandar',
  'aleksei alexei alexey aleksey alexis oleksiy oleksii',
  'andrei andrey andrew andres andrzej andriy',
  'nikolai nikolay nicholas nicolas nicola mykola nikola mikolaj',
  'georgiy georgy georgii george jorge giorgio georg',
  'sergei sergey serge sergio serhiy',
  'dmitriy dmitry dmitri dimitri dimitrios dmytro demetrio',
  'vladimir volodymyr wladimir wlodzimierz',
  'stepan stephen steven esteban stefan stefano etienne',
  'iosif yosif joseph jose josef giuseppe yusuf yousef youssef yusef osip',
  'ibrahim abraham avraam ibraheem',
  'musa moses moshe moises',
  'yakov jacob jakob jacques jakub yaqub yakub giacomo',
  'daniil daniel danilo danylo',
  'ilya elijah elias ilyas elia',
  'matvei matthew mateo matteo mateusz matthias',
  'fyodor fedor theodore teodoro feodor',
  'grigoriy grigory gregory gregorio grzegorz hryhoriy',
  'konstantin constantine costantino',
  'vasiliy vasily basil wassily',
  'yekaterina ekaterina katherine catherine caterina katarzyna kateryna',
  'yelena elena helen helena olena',
  'mariya maria mary marie maryam miriam',
  'sofiya sofia sophia sophie',
  'yuliya yulia julia julie giulia',
  'suleiman sulayman solomon suleyman',
  'dawud dawood daoud david',
  'harun haroun aaron',
  'ismail ismael ishmael',
  'ishaq isaac',
  'yunus jonah jonas',
  'zakariya zakaria zachariah zacarias',
  'guillermo william wilhelm guglielmo',
  'enrique henry henri heinrich enrico',
  'carlos charles karl carl carlo',
  'francisco francis francesco franz francois',
  'luis louis ludwig luigi',
  'jaime james',
  'ricardo richard riccardo',
];

const groupOf: ReadonlyMap<string, string> = new Map(
  groups.flatMap((group) => {
    const names = group.split(' ');
    return names.map((name) => [name, `=${names[0]}`] as const);
  }),
);

/** The key shared by a given name and its equivalents in other languages, if it has any. */
export const equivalentNameKey = (token: string): string | undefined => groupOf.get(token);
