// Writes students.xlsb with SheetJS (npm `xlsx` 0.18.5), a real .xlsb writer: the fixture of
// tests/roster/test_formats.py (`test_an_xlsb_workbook_written_by_sheetjs_imports_its_values`).
// Run once, from any directory where `npm install xlsx@0.18.5` was done:
//   NODE_PATH=<that dir>/node_modules node tests/roster/files/make_students_xlsb.js tests/roster/files/students.xlsb
const XLSX = require("xlsx");

const rows = [
  ["Список обучающихся на 01.09.2024"],
  [],
  ["ID", "Фамилия, имя, отчество", "Дата рождения", "Класс", "Дата зачисления"],
  ["У-0101", "Семёнова Алёна Игоревна", new Date(Date.UTC(2011, 2, 15)), "7Б", "01.09.2018"],
  ["У-0102", "Алиев Руслан Тимур оглы", "02.10.2010", "8 а", new Date(Date.UTC(2017, 8, 1))],
  ["У-0103", "Ким Виктория", new Date(Date.UTC(2012, 11, 31)), 5, null],
  [],
  ["Итого: 3 обучающихся"],
];
const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, dateNF: "yyyy-mm-dd" });
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([]), "Пусто");
XLSX.utils.book_append_sheet(book, sheet, "Ученики");
XLSX.writeFile(book, process.argv[2], { bookType: "xlsb", compression: true });
