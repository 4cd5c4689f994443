"""A deterministic synthetic news corpus, written as seeds: outlets.yml, speakers.yml and articles/.

    python -m benchmarks.corpus --articles N --seed S --out DIR [--jobs J] [--speakers K] [--force]

Articles of about 800 words (500 to 1,100): a headline, a byline and paragraphs, with about ten attributed claims
each (3 to 20), about 30% direct, 15% partial and 55% indirect. Direct quotes have their speaker before or after
them, are split by their attribution or run over two paragraphs; pronouns ("he said") refer to the person named
last; partial quotes stand in the author's sentence; reported speech has that-clauses, bare clauses, trailing and
"according to" attributions and participles ("claiming that ..."); second-hand claims have a `via` ("The Herald
quoted senior officials as saying that ..."). The author's own sentences fill the rest. Speakers (20,000 by
default, of every type, with roles, countries and aliases) are drawn with a Zipf law (s = 1.1), words with Zipf
laws from topic vocabularies. Dates said are resolved against the publication date by claims.corpus.dates.

Article i is made by its own random generator, seeded with (seed, i), on any number of processes: the same
arguments give the same bytes whatever --jobs is, and article i does not depend on N. Claim ids are
claims.corpus.models.claim_id(); should two ever collide (48-bit digests), the later article is made again with
different text. `claims check --seeds DIR` passes on the output.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing import Pool
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from claims.corpus.dates import resolve
from claims.corpus.models import claim_id

T = TypeVar("T")

DEFAULT_SPEAKERS = 20_000
OUTLETS = 50
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
SPEAKER_ZIPF = 1.1

# --- Vocabulary -------------------------------------------------------------------------------------------------
# Lists are in order of use: Zipf samplers make the first items the most common.

# code | name as written in a sentence | adjective | capital | name group
COUNTRIES = """
US|the United States|American|Washington|anglo
GB|the United Kingdom|British|London|anglo
CN|China|Chinese|Beijing|chinese
RU|Russia|Russian|Moscow|slavic
FR|France|French|Paris|french
DE|Germany|German|Berlin|german
IN|India|Indian|New Delhi|southasian
JP|Japan|Japanese|Tokyo|japanese
BR|Brazil|Brazilian|Brasilia|lusophone
UA|Ukraine|Ukrainian|Kyiv|slavic
TR|Turkey|Turkish|Ankara|turkish
IR|Iran|Iranian|Tehran|persian
CA|Canada|Canadian|Ottawa|anglo
IT|Italy|Italian|Rome|italian
ES|Spain|Spanish|Madrid|hispanic
MX|Mexico|Mexican|Mexico City|hispanic
AU|Australia|Australian|Canberra|anglo
SA|Saudi Arabia|Saudi|Riyadh|arabic
KR|South Korea|South Korean|Seoul|korean
EG|Egypt|Egyptian|Cairo|arabic
PL|Poland|Polish|Warsaw|slavic
NG|Nigeria|Nigerian|Abuja|african
ZA|South Africa|South African|Pretoria|african
PK|Pakistan|Pakistani|Islamabad|southasian
ID|Indonesia|Indonesian|Jakarta|seasian
AR|Argentina|Argentine|Buenos Aires|hispanic
SY|Syria|Syrian|Damascus|arabic
IQ|Iraq|Iraqi|Baghdad|arabic
NL|the Netherlands|Dutch|The Hague|nordic
SE|Sweden|Swedish|Stockholm|nordic
NO|Norway|Norwegian|Oslo|nordic
DK|Denmark|Danish|Copenhagen|nordic
FI|Finland|Finnish|Helsinki|nordic
BE|Belgium|Belgian|Brussels|french
CH|Switzerland|Swiss|Bern|german
AT|Austria|Austrian|Vienna|german
PT|Portugal|Portuguese|Lisbon|lusophone
IE|Ireland|Irish|Dublin|anglo
NZ|New Zealand|New Zealand|Wellington|anglo
KE|Kenya|Kenyan|Nairobi|african
GH|Ghana|Ghanaian|Accra|african
ET|Ethiopia|Ethiopian|Addis Ababa|african
SN|Senegal|Senegalese|Dakar|french
MA|Morocco|Moroccan|Rabat|arabic
JO|Jordan|Jordanian|Amman|arabic
LB|Lebanon|Lebanese|Beirut|arabic
AE|the United Arab Emirates|Emirati|Abu Dhabi|arabic
CO|Colombia|Colombian|Bogota|hispanic
CL|Chile|Chilean|Santiago|hispanic
PE|Peru|Peruvian|Lima|hispanic
CZ|the Czech Republic|Czech|Prague|slavic
RS|Serbia|Serbian|Belgrade|slavic
TW|Taiwan|Taiwanese|Taipei|chinese
SG|Singapore|Singaporean|Singapore|chinese
PH|the Philippines|Philippine|Manila|seasian
VN|Vietnam|Vietnamese|Hanoi|seasian
TH|Thailand|Thai|Bangkok|seasian
MY|Malaysia|Malaysian|Kuala Lumpur|seasian
BD|Bangladesh|Bangladeshi|Dhaka|southasian
"""

# Per name group: given names (male, female), surnames, surname parts and town parts ("prefixes / suffixes",
# an underscore is a space), and whether the surname comes first.
NAME_GROUPS: dict[str, dict[str, str]] = {
    "anglo": {
        "m": "James John Robert Michael David William Richard Thomas Mark Paul Steven Andrew Daniel Peter Kevin"
        " Brian George Edward Patrick Simon Gregory Nathan",
        "f": "Mary Jennifer Linda Susan Sarah Karen Emma Laura Rachel Helen Claire Rebecca Emily Amanda Julia"
        " Catherine Anne Megan Hannah Fiona Alice Diane",
        "s": "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Thompson White Hughes"
        " Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke Turner Hill Moore Cooper Ward Morgan Baker",
        "sp": "Ash Brad Whit Thorn Hol Pem Cal Stan Lang Hart Fair Red Black Gold Mil / ford ley wood ton by well"
        " ham more field worth bridge stone",
        "tp": "Ash Brook Clear Elm Fair Green Hill Lake Maple Oak Pine River Rock Spring Stone West North Wood /"
        " field ford ton ville wood dale port bridge haven mouth bury",
    },
    "hispanic": {
        "m": "José Juan Carlos Luis Miguel Jorge Alejandro Diego Javier Fernando Andrés Pablo Ricardo Sergio"
        " Manuel Raúl",
        "f": "María Ana Carmen Lucía Isabel Laura Sofía Elena Gabriela Valentina Daniela Patricia Rosa Teresa"
        " Paula Marta",
        "s": "García Rodríguez Martínez López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Cruz"
        " Morales Ortiz Castro Vargas Romero Herrera Medina Aguilar Reyes Navarro Mendoza",
        "sp": "Val Mon Cas Mar Bel Ar Cor Sal Fuen Bar / verde tes dero tillo lanes aga ejo uela era ero",
        "tp": "Alca Bena Cala Ponte Torre Vall Mora Sierra Villa Monte / nueva rosa blanca mar sol alta real seca",
    },
    "lusophone": {
        "m": "João Pedro Lucas Gabriel Rafael Mateus Tiago Bruno André Felipe Rodrigo Ricardo",
        "f": "Ana Beatriz Juliana Camila Fernanda Mariana Larissa Letícia Inês Carolina Patrícia Renata",
        "s": "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins"
        " Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa",
        "sp": "Fon Ma Bar Cor Al Tei Mou Pin / seca reira ranhas deiro meida xeira rão heiro",
        "tp": "Porto Vila Campo Santa Serra Rio Ponte Agua / Alegre Nova Verde Grande Bonita Branca Velha Lindo",
    },
    "french": {
        "m": "Jean Pierre Michel Philippe Alain Nicolas François Laurent Julien Olivier Thierry Éric Antoine Mathieu",
        "f": "Marie Nathalie Isabelle Sophie Catherine Camille Julie Céline Claire Aurélie Amélie Hélène Manon Chloé",
        "s": "Martin Bernard Dubois Durand Lefebvre Moreau Laurent Simon Michel Leroy Roux Fournier Girard Bonnet"
        " Dupont Lambert Fontaine Rousseau Vincent Mercier Blanc Guérin Faure Chevalier Diop Ndiaye",
        "sp": "Beau Mont Bel Roche Ville Cham Gran Dela / champ fort lieu mont val court rive noy",
        "tp": "Mont Beau Font Roche Chateau Neuf Ver Lan / mont lieu bourg val ville champ lac court",
    },
    "german": {
        "m": "Thomas Michael Andreas Stefan Klaus Jürgen Wolfgang Markus Frank Matthias Tobias Jan Lukas Florian",
        "f": "Sabine Petra Claudia Andrea Katrin Anja Julia Susanne Monika Ursula Birgit Lena Anna Johanna",
        "s": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf"
        " Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause",
        "sp": "Alt Berg Stein Rosen Lind Hoch Eich Wald Grün Kirch / mann berg hofer feld bauer stein ner ler",
        "tp": "Alt Neu Berg Stein Wald Rosen Lich Hoch Eich / dorf burg hausen heim stadt feld bach au",
    },
    "nordic": {
        "m": "Lars Anders Erik Johan Nils Mikael Henrik Jonas Mats Olav Sven Jens Pekka Matti Pieter Daan",
        "f": "Anna Eva Ingrid Karin Maria Sofia Kristin Astrid Sanna Liv Maja Elin Hanna Sara Femke Sanne",
        "s": "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Jensen Nielsen Pedersen Berg"
        " Lindqvist Virtanen Korhonen Mäkinen Lindgren Dahl Strand Holm Jansen Bakker Visser Smit",
        "sp": "Lind Berg Sund Holm Ny Sjö Ek Ström Vester / qvist gren ström berg lund dahl man vall",
        "tp": "Lund Sand Vik Hel Ny Ask Fjell Holm Vester / by vik holm sund stad fjord borg dam",
    },
    "italian": {
        "m": "Marco Giuseppe Giovanni Antonio Luca Andrea Francesco Alessandro Paolo Stefano Matteo Roberto"
        " Davide Simone",
        "f": "Giulia Francesca Chiara Sara Valentina Alessia Martina Elena Laura Silvia Federica Paola Anna Elisa",
        "s": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa"
        " Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi",
        "sp": "Belli Monte Castel Ros Val Sant Ber Mar / ini etti oni elli ucci ardi ano one",
        "tp": "Castel Monte San Villa Borgo Porto Roc Val / franco nuovo bello lungo vecchio fiore mare",
    },
    "slavic": {
        "m": "Alexander Dmitry Sergei Andrei Ivan Mikhail Oleksandr Piotr Tomasz Pavel Nikolai Viktor Marek"
        " Jakub Milan",
        "f": "Olga Tatiana Elena Natalia Irina Anna Svetlana Maria Katarzyna Agnieszka Yulia Oksana Ekaterina"
        " Marta Jana",
        "s": "Ivanov Smirnov Kuznetsov Popov Volkov Sokolov Lebedev Kozlov Novikov Morozov Kowalski Nowak"
        " Wiśniewski Lewandowski Kowalczyk Shevchenko Bondarenko Melnyk Tkachenko Petrović Jovanović Nikolić"
        " Novák Dvořák Svoboda Kravets Marchenko Lysenko",
        "sp": "Bel Vol Kras Dob Zel Sokol Mal Bor / ov enko ski ić ovich in ak ek",
        "tp": "Nov Stara Bel Krasno Zel Gor Vol Dob / grad gorod ovo sk ino polje ets",
    },
    "turkish": {
        "m": "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Kemal Osman",
        "f": "Ayşe Fatma Emine Zeynep Elif Hatice Merve Esra Özlem Selin Derya Aylin",
        "s": "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin"
        " Kara Koç Kurt Özkan Şimşek",
        "sp": "Ak Kara Öz Gül Demir Yıl Tun Er / soy can han oğlu taş kaya dağ er",
        "tp": "Kara Ak Yeni Eski Gök Bey Kız Çam / köy dere hisar tepe pınar su kale",
    },
    "arabic": {
        "m": "Mohammed Ahmed Ali Omar Khaled Hassan Youssef Ibrahim Mahmoud Tariq Karim Samir Walid Faisal Nabil"
        " Hussein",
        "f": "Fatima Aisha Mariam Layla Noor Huda Rania Salma Yasmin Amira Dina Hana Leila Nadia",
        "s": "al-Masri Haddad Khalil Nasser Saleh Mansour Hamdan Abbas Aziz Farouk Rahman Qasim Darwish Suleiman"
        " Yousef al-Amin al-Rashid al-Hakim Jaber Salem Bakr Shami Awad Hijazi",
        "sp": "al-Nu al-Ha al-Sa al-Ka Bar Ma Sha Ta / mari shimi biri dawi hani zawi rani tari",
        "tp": "Tal_ Ain_ Bir_ Deir_ Ras_ Kafr_ Wadi_ Jabal_ / Hamra Zein Nour Salam Kabir Sharq Gharb Jadid",
    },
    "persian": {
        "m": "Ali Hossein Reza Mohammad Mehdi Hamid Saeed Majid Amir Javad Hassan Abbas",
        "f": "Zahra Maryam Fatemeh Sara Leila Narges Shirin Mina Parisa Roya Nasrin Azadeh",
        "s": "Hosseini Mohammadi Rezaei Ahmadi Karimi Moradi Jafari Rahimi Sadeghi Ghasemi Kazemi Hashemi"
        " Ebrahimi Nouri Tehrani Shirazi Esfahani Kermani Tabrizi Rostami",
        "sp": "Mir Khos Far Jah Kam Nik Par Sha / zadeh avi ani ian pour nejad doost vand",
        "tp": "Shah Bandar Mian Dasht Kuh Now Ab Gol / abad shahr deh kan rud gerd",
    },
    "southasian": {
        "m": "Rahul Amit Sanjay Vikram Arjun Ravi Imran Asif Rajesh Suresh Anil Farhan Kabir Nitin",
        "f": "Priya Anjali Sunita Pooja Neha Kavita Ayesha Sana Deepa Meera Lakshmi Farah Nadia Rekha",
        "s": "Sharma Patel Singh Kumar Gupta Khan Reddy Iyer Nair Chowdhury Rao Mehta Joshi Desai Malik Hussain"
        " Qureshi Banerjee Das Verma Kapoor Bhatt Pillai Ahmed",
        "sp": "Ram Dev Shan Bala Chan Sri Vish Kris / nathan ani murthy esh appa swamy kar wala",
        "tp": "Ram Shiv Chandra Hari Bhav Raj Gop Dev / pur abad nagar garh ganj palli",
    },
    "chinese": {
        "m": "Wei Jun Hao Lei Jian Ming Qiang Tao Yong Bo Jie Feng Peng Xiaoming Jianguo Zhiwei Guohua",
        "f": "Na Ying Mei Xiu Jing Fang Yan Hui Lan Xia Min Lin Qing Xiaoli Yuqing Jiayi",
        "s": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie"
        " Tang Han",
        "sp": "",
        "tp": "Jiang Xin Hua Nan Bei Dong Xi Shan / zhou yang ning an kou cheng ping",
        "order": "surname",
    },
    "japanese": {
        "m": "Hiroshi Takashi Kenji Satoshi Daisuke Kazuo Makoto Shinji Taro Ichiro Haruto Ren Sota",
        "f": "Yuko Keiko Akiko Naomi Haruka Yui Aoi Sakura Mei Emi Rina Ayumi",
        "s": "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki"
        " Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori",
        "sp": "Yama Naka Ishi Mori Kawa Hara Taka Fuji / moto da mura kawa shita guchi zaki no",
        "tp": "Yama Naka Ishi Mori Kawa Taka Fuji Matsu / shima saki yama gawa hara oka",
    },
    "korean": {
        "m": "Min-jun Ji-hoon Seo-jun Dong-hyun Sung-min Jae-won Hyun-woo Young-ho Tae-yang",
        "f": "Ji-woo Seo-yeon Min-ji Soo-jin Eun-ji Hye-jin Ji-young Yoon-ah Da-eun",
        "s": "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song",
        "sp": "",
        "tp": "Cheong Gwang Dae Sam Hae Won Jin Yeong / ju san won cheon do pyeong",
        "order": "surname",
    },
    "seasian": {
        "m": "Budi Agus Joko Rizal Arif Hendra Somchai Anan Minh Tuan Ramon Marco",
        "f": "Siti Dewi Putri Ayu Rina Ratna Malai Suda Lan Linh Maria Grace",
        "s": "Santoso Wijaya Hidayat Saputra Kusuma Nguyen Tran Pham Srisuk Chaiyaporn Wongsa Reyes Santos"
        " Bautista Mendoza Rahman Ismail Abdullah Hassan Lim",
        "sp": "Wi Su Pra Har Kus Sant Chai Wong / jaya yono tama wati porn sakul",
        "tp": "Sura Bandar Kota Ban Nong Tan Pasir Lang / baya wang pura jaya phong buri",
    },
    "african": {
        "m": "Oluwaseun Chinedu Emeka Kwame Kofi Tunde Thabo Sipho Juma Baraka Tesfaye Abebe Musa Ibrahim",
        "f": "Ngozi Chiamaka Amara Ama Akua Thandiwe Nomvula Wanjiru Achieng Aster Mekdes Zainab Folake Adaeze",
        "s": "Okafor Adeyemi Okonkwo Mensah Owusu Boateng Nkosi Dlamini Ndlovu Mwangi Otieno Kamau Odhiambo"
        " Tadesse Bekele Abubakar Eze Nwosu Asante Mokoena",
        "sp": "Ade Olu Oko Nku Mwa Kwe Ban Tsh / bayo wale nkwo lo ngi mba tebe ra",
        "tp": "Ika Oke Ngo Mbu Kiso Ama Obo Ilu / ja ni bo nda kuru si ti",
    },
}

# Topic vocabularies, `;`-separated. Verbs are `base` or `base|past|participle` when irregular; a particle
# follows the base ("phase out").
TOPICS: tuple[dict[str, str], ...] = (
    {
        "name": "economy",
        "actors": "the central bank; the finance ministry; the treasury; the budget office; the tax authority;"
        " the chamber of commerce; the national statistics office; the employers' federation",
        "verbs": "raise; cut|cut|cut; freeze|froze|frozen; reform; review; scrap; extend; delay; increase; reduce;"
        " overhaul; protect; boost; tighten; ease; suspend",
        "objects": "interest rates; the budget deficit; public spending; income tax; the pension system;"
        " fuel subsidies; corporate taxes; the minimum wage; household debt; the national debt;"
        " small business loans; mortgage relief; the sales tax; unemployment benefits; the stimulus package;"
        " import duties; state pensions; public sector pay; the bond programme; the banking levy;"
        " welfare payments; the windfall tax; capital gains tax; the fiscal rules",
        "metrics": "inflation; unemployment; the deficit; economic growth; consumer spending; the jobless rate;"
        " the national debt; business confidence",
        "issues": "tax; budget; pension; spending; debt; wage",
        "adjectives": "fiscal; economic; monetary; financial; budgetary; industrial",
    },
    {
        "name": "health",
        "actors": "the health ministry; the national health service; the medical association; the drug regulator;"
        " the hospital board; the public health agency; the nurses' union; the regional health authority",
        "verbs": "fund; expand; close; review; approve; restrict; invest in; shut down|shut|shut; cut|cut|cut;"
        " improve; reorganise; protect; prioritise; subsidise",
        "objects": "hospital waiting lists; emergency care; mental health services; the vaccination programme;"
        " rural clinics; nursing homes; the new cancer drug; prescription charges; maternity wards;"
        " the hospital building programme; primary care; medical training places; ambulance services;"
        " the screening programme; drug prices; health insurance premiums; the care sector;"
        " intensive care capacity; community pharmacies; dental services",
        "metrics": "the infection rate; life expectancy; the vaccination rate; health spending;"
        " the backlog of operations; the number of hospital admissions",
        "issues": "health; hospital; vaccine; care; drug",
        "adjectives": "medical; clinical; preventive; primary; regional",
    },
    {
        "name": "environment",
        "actors": "the environment ministry; the climate council; the environmental protection agency;"
        " the water authority; the national parks service; the forestry commission; the regional government",
        "verbs": "ban; protect; restore; cut|cut|cut; phase out; tax; regulate; monitor; expand; clean up;"
        " subsidise; limit",
        "objects": "carbon emissions; coal power plants; plastic packaging; the river basin; the coastal wetlands;"
        " diesel cars; deforestation; the emissions trading scheme; air pollution; the national park;"
        " fishing quotas; wind farms; solar subsidies; the flood defences; industrial waste; the water supply;"
        " pesticide use; the recycling programme; logging permits; methane leaks",
        "metrics": "air pollution; carbon output; forest cover; water consumption; the amount of plastic waste;"
        " the level of the river",
        "issues": "climate; emissions; pollution; water; forest",
        "adjectives": "environmental; ecological; coastal; rural; green",
    },
    {
        "name": "energy",
        "actors": "the energy ministry; the grid operator; the state oil company; the energy regulator;"
        " the nuclear safety agency; the national utility; the mining company; the pipeline operator",
        "verbs": "build|built|built; expand; shut down|shut|shut; approve; delay; import; export; cap;"
        " nationalise; privatise; upgrade; decommission",
        "objects": "the gas pipeline; nuclear reactors; electricity prices; the power grid; oil exports;"
        " the coal mine; offshore drilling; the new refinery; gas reserves; heating subsidies;"
        " the hydroelectric dam; fuel imports; the lithium project; energy bills; the battery plant;"
        " petrol prices; the transmission line; the liquefied gas terminal",
        "metrics": "oil output; electricity demand; the price of gas; fuel consumption; energy production;"
        " crude production",
        "issues": "energy; oil; gas; power; fuel; nuclear",
        "adjectives": "nuclear; renewable; fossil; offshore; strategic",
    },
    {
        "name": "defence",
        "actors": "the defence ministry; the army; the navy; the air force; the military; the intelligence service;"
        " the general staff; the coast guard; the border guard",
        "verbs": "deploy; withdraw|withdrew|withdrawn; strengthen; modernise; station; reinforce; train; equip;"
        " patrol; expand; scale back; test",
        "objects": "troops; the missile defence system; warships; the border; fighter jets; the air base;"
        " military aid; the naval fleet; armoured vehicles; drone patrols; the peacekeeping mission;"
        " the conscription programme; the defence budget; special forces; the radar network; artillery units;"
        " the security zone; the garrison",
        "metrics": "defence spending; the number of troops; arms imports; the military budget; recruitment",
        "issues": "defence; security; military; army; border",
        "adjectives": "military; strategic; tactical; naval; defensive",
    },
    {
        "name": "politics",
        "actors": "the ruling party; the opposition; the electoral commission; the parliament;"
        " the prime minister's office; the presidency; the constitutional court; the senate",
        "verbs": "postpone; call; contest; boycott; reform; challenge; approve; reject; investigate; suspend;"
        " endorse; scrap",
        "objects": "the election; the vote; the referendum; the electoral law; the coalition agreement;"
        " the budget bill; the constitutional amendment; the results; campaign finance rules;"
        " the party leadership; postal voting; the recount; the state of emergency; the new cabinet;"
        " the no-confidence motion; voter registration; the presidential decree; term limits",
        "metrics": "voter turnout; support for the government; the party's poll rating; public trust;"
        " the number of registered voters",
        "issues": "election; vote; coalition; reform; constitution",
        "adjectives": "political; electoral; constitutional; parliamentary; legislative",
    },
    {
        "name": "migration",
        "actors": "the interior ministry; the border agency; the immigration service; the refugee agency;"
        " the asylum office; the labour ministry",
        "verbs": "process; deport; admit; detain; resettle; review; tighten; relax; close; reopen; fund; register",
        "objects": "asylum applications; the border crossings; migrant workers; the refugee camp;"
        " family reunification; work visas; the detention centre; deportation flights;"
        " the resettlement programme; seasonal work permits; the asylum backlog; border controls;"
        " the citizenship test; undocumented migrants; the reception centres; the visa quota",
        "metrics": "the number of arrivals; net migration; the asylum backlog; the rejection rate;"
        " the number of deportations",
        "issues": "migration; asylum; border; visa; refugee",
        "adjectives": "humanitarian; irregular; seasonal; legal; temporary",
    },
    {
        "name": "education",
        "actors": "the education ministry; the teachers' union; the school board; the university council;"
        " the exam board; the students' union; the schools inspectorate",
        "verbs": "close; reopen; fund; reform; scrap; introduce; expand; cut|cut|cut; review; delay; raise; subsidise",
        "objects": "tuition fees; the school curriculum; teacher salaries; rural schools; the exam system;"
        " student loans; school meals; the national test; university places; special needs support;"
        " the school building programme; vocational training; class sizes; the teacher training scheme;"
        " school transport; the literacy programme",
        "metrics": "the dropout rate; the literacy rate; the number of teachers; school attendance; spending per pupil",
        "issues": "school; education; university; exam; teacher",
        "adjectives": "educational; academic; vocational; primary; secondary",
    },
    {
        "name": "housing",
        "actors": "the housing ministry; the city council; the planning authority; the tenants' association;"
        " the housing agency; the builders' federation; the mortgage regulator",
        "verbs": "build|built|built; demolish; approve; block; fund; regulate; cap; freeze|froze|frozen;"
        " renovate; sell|sold|sold; buy|bought|bought; convert",
        "objects": "social housing; rent increases; the new housing estate; mortgage rates; empty homes;"
        " the rent control law; housing benefit; the tower block; short-term rentals; the planning rules;"
        " affordable homes; the eviction ban; the regeneration scheme; building permits; student housing;"
        " the waiting list for council homes",
        "metrics": "the average rent; the average house price; homelessness; the number of evictions;"
        " housing construction; the vacancy rate",
        "issues": "housing; rent; mortgage; home; planning",
        "adjectives": "residential; urban; affordable; municipal; social",
    },
    {
        "name": "transport",
        "actors": "the transport ministry; the rail operator; the airport authority; the city transit agency;"
        " the road safety agency; the port authority; the aviation regulator; the drivers' union",
        "verbs": "build|built|built; expand; electrify; delay; cancel; subsidise; privatise; upgrade; close;"
        " reopen; reroute; fund",
        "objects": "the high-speed rail line; bus fares; the airport expansion; the ring road; rail services;"
        " the metro extension; fuel duty; the port; the bridge project; cycle lanes; the toll road;"
        " night trains; regional flights; the ferry service; the tram network; parking charges; the motorway;"
        " freight routes",
        "metrics": "rail ridership; traffic congestion; the number of road deaths; air traffic;"
        " the cost of the project",
        "issues": "rail; transport; road; airport; traffic",
        "adjectives": "regional; urban; high-speed; public; national",
    },
    {
        "name": "technology",
        "actors": "the technology ministry; the data protection authority; the telecoms regulator;"
        " the cyber security agency; the software company; the social media platform; the chip maker;"
        " the competition authority",
        "verbs": "regulate; ban; fine; investigate; launch; acquire; block; license; audit; restrict; approve; delay",
        "objects": "facial recognition; the 5G network; personal data; the merger; online advertising;"
        " the app store; artificial intelligence systems; cryptocurrency trading; the broadband rollout;"
        " user accounts; the data centre; semiconductor exports; the digital services tax; cloud contracts;"
        " the electronic ID scheme; online gambling",
        "metrics": "internet coverage; the number of cyber attacks; broadband speed; chip production; online fraud",
        "issues": "data; tech; internet; AI; cyber",
        "adjectives": "digital; online; technological; automated; encrypted",
    },
    {
        "name": "trade",
        "actors": "the trade ministry; the customs service; the export council; the trade commission;"
        " the steel industry association; the exporters' federation",
        "verbs": "impose; lift; negotiate; sign; suspend; renegotiate; block; extend; challenge; ratify; raise; lower",
        "objects": "tariffs; the trade agreement; steel imports; export controls; the customs union;"
        " the free trade zone; car exports; anti-dumping duties; the import ban; agricultural quotas;"
        " sanctions; the investment treaty; rice imports; the export licence regime; shipping routes",
        "metrics": "the trade deficit; the trade surplus; the volume of imports; foreign investment;"
        " the value of exports",
        "issues": "trade; tariff; export; customs; sanctions",
        "adjectives": "commercial; bilateral; protectionist; global; regional",
    },
    {
        "name": "agriculture",
        "actors": "the agriculture ministry; the farmers' union; the food safety agency; the grain board;"
        " the fisheries authority; the dairy cooperative; the irrigation authority",
        "verbs": "subsidise; protect; ban; import; export; compensate; ration; restrict; support; insure;"
        " stockpile; inspect",
        "objects": "grain exports; dairy farmers; the fertiliser subsidy; crop insurance; the fishing fleet;"
        " wheat prices; cattle imports; the irrigation scheme; organic farming; the sugar quota;"
        " drought relief; rice farmers; the milk price; seed imports; the land reform",
        "metrics": "the wheat harvest; the price of bread; farm income; grain output; the size of the harvest",
        "issues": "farm; food; grain; crop; drought",
        "adjectives": "agricultural; rural; organic; seasonal; arable",
    },
    {
        "name": "justice",
        "actors": "the justice ministry; the police; the prosecutor's office; the supreme court;"
        " the prison service; the anti-corruption agency; the bar association",
        "verbs": "investigate; prosecute; arrest; release; charge; overturn; reform; pardon; jail; extradite;"
        " appeal; sentence",
        "objects": "the former minister; the suspects; the corruption case; the prison system; the verdict;"
        " the sentencing guidelines; the new surveillance law; the protest leaders;"
        " the money laundering network; the police chief; the jury system; the drug gang; the whistleblower;"
        " juvenile offenders; the fraud inquiry; the bail rules",
        "metrics": "the crime rate; the prison population; the number of arrests; the murder rate; the conviction rate",
        "issues": "crime; police; court; prison; corruption",
        "adjectives": "judicial; criminal; legal; penal; forensic",
    },
    {
        "name": "labour",
        "actors": "the labour ministry; the trade union; the employers' federation; the transport workers' union;"
        " the civil service union; the factory management; the mediation service",
        "verbs": "negotiate; accept; reject; raise; freeze|froze|frozen; cut|cut|cut; guarantee; protect; restore;"
        " extend; suspend; review",
        "objects": "the pay offer; the working week; overtime pay; the pension age; the collective agreement;"
        " job cuts; the minimum wage; night shifts; the strike ballot; sick pay; the retirement age;"
        " factory closures; public sector wages; holiday entitlement; the four-day week;"
        " the redundancy package",
        "metrics": "unemployment; the number of strikes; average pay; union membership; the jobless rate",
        "issues": "pay; strike; jobs; wage; pension",
        "adjectives": "industrial; collective; contractual; seasonal; skilled",
    },
    {
        "name": "diplomacy",
        "actors": "the foreign ministry; the embassy; the security council; the peace envoy; the delegation;"
        " the summit organisers; the regional council",
        "verbs": "recognise; condemn; support; host; resume; suspend; expel; sign; mediate; reject; welcome; review",
        "objects": "the peace talks; the ceasefire; the ambassador; the sanctions; diplomatic relations;"
        " the prisoner exchange; the border treaty; the summit; the humanitarian corridor;"
        " the nuclear agreement; the aid package; the embassy staff; the resolution; the peace plan;"
        " the travel ban; the joint declaration",
        "metrics": "the death toll; tension in the region; the number of refugees; the volume of aid deliveries",
        "issues": "peace; talks; sanctions; summit; ceasefire",
        "adjectives": "diplomatic; bilateral; multilateral; humanitarian; regional",
    },
)

GENERIC_ACTORS = (
    "the government; the opposition; the administration; the cabinet; the coalition; parliament;"
    " the regional government; the city council; the ruling party; the prime minister"
)
GENERIC_VERBS = "support; oppose; review; fund; delay; block; defend; abandon; reconsider; expand; protect"
GROUPS = (
    "families; workers; pensioners; small businesses; young people; taxpayers; consumers; farmers; students;"
    " patients; residents; low-income households; ordinary people; rural communities; commuters;"
    " first-time buyers; the poorest families; local businesses; parents; older people; nurses; teachers;"
    " shopkeepers; fishermen; factory workers; single mothers; tenants; migrants; veterans; truck drivers"
)
EVALUATIONS = (
    "reckless; unacceptable; irresponsible; premature; misguided; encouraging; disappointing; dangerous;"
    " unprecedented; short-sighted; unsustainable; welcome; historic; unfair; illegal; pointless; costly;"
    " inevitable; bold; naive; cynical; absurd; alarming; worrying; remarkable; sensible; timely; inadequate;"
    " excessive; unworkable; divisive; hasty; cruel; generous; modest; overdue; baffling; shameful"
)
INTENSIFIERS = "deeply; truly; completely; frankly; utterly; genuinely; profoundly; simply; entirely; extremely"
DECISIONS = "decision; plan; policy; move; proposal; step; gamble; mistake; approach; strategy; measure; bill"
FUTURES = (
    "next year; by the end of the year; within weeks; in the coming months; before the summer;"
    " over the next decade; as soon as possible; this autumn; next month; before the next election;"
    " within two years; by the end of the decade; in the spring; without further delay"
)
SINCE = (
    "over the past year; in the first quarter; in the last three months; compared with a year earlier;"
    " since the start of the year; over the past decade"
)
RECENT = "in recent weeks; this year; so far; over the past month; in the last few days"
PROGRESS = "little; no real; some; good; only limited"
BAD_OUTCOMES = "disaster; chaos; confusion; conflict; failure; decline"
MOODS = "angry; worried; frustrated; exhausted; hopeful; furious"
NUMBER_WORDS = "two; three; four; five; six; seven; eight; ten; twelve"
ORDINALS = "second; third; fourth; fifth; sixth"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Reported speech: content clauses (lower case, no final stop) whose slots {...} are filled at random.
CLAUSES = (
    "{a} would {v} {o} {fut}",
    "{a} had {vpp} {o} without consulting {g}",
    "{a} had no plans to {v} {o}",
    "{o} would be {vpp} {fut}",
    "{a} was ready to {v} {o} if {a} {vp} {o}",
    "{m} had {risen} by {pct} {since}",
    "the decision to {v} {o} had been {ev}",
    "{pct} of {g} could be affected by the {dn} to {v} {o}",
    "{money} would be spent to {v} {o} {fut}",
    "there was no evidence that {a} had {vpp} {o}",
    "it was too early to say whether {a} would {v} {o}",
    "{a} should {v} {o} rather than {ving} {o}",
    "{g} in {town} had been hit hardest by {o}",
    "the {iss} {dn} would cost {g} {money} {fut}",
    "{a} had {vpp} {o} in {yr} and would do so again",
    "talks on {o} had made {progress} progress",
    "{a} was considering whether to {v} {o}",
    "{a} had failed to {v} {o} despite repeated warnings",
    "the {adj} {iss} policy had left {g} worse off",
    "{o} in {town} would be {vpp} by {month}",
    "{a} could not {v} {o} without the support of {g}",
    "{numw} {adj} projects had been {vpp} since {yr}",
    "{a} would need {money} to {v} {o}",
    "the {iss} crisis in {place} was {int} {ev}",
    "{n} {g} had signed a petition against plans to {v} {o}",
    "{o} and {o} were now the {adj} priorities of {a}",
    "{a} had asked {person} to review {o}",
    "{person} had been wrong about {o} from the start",
    "the talks between {person} and {a} on {o} had broken down",
)
# Direct quotes: whole sentences in the speaker's voice.
SENTENCES = (
    "We will {v} {o} {fut}.",
    "We are not going to {v} {o}, whatever {a} says.",
    "This is {int} {ev} for {g}.",
    "{A} must {v} {o}, and it must do so now.",
    "I think {clause}.",
    "Nobody should be surprised that {clause}.",
    "The question is whether {a} can {v} {o}.",
    "What we have seen {recent} is {int} {ev}.",
    "Our priority is to {v} {o}.",
    "{G} deserve better than this.",
    "There is no plan to {v} {o}.",
    "We have {vpp} {o} before, and we will do it again.",
    "If {a} {vp} {o}, {g} would pay the price.",
    "Let me be clear: {clause}.",
    "Why would anyone {v} {o} now?",
    "{Money} is a lot of money, but {clause}.",
    "{M} has {risen} by {pct}, and that is {ev}.",
    "We cannot {v} {o} without {ving} {o}.",
    "People in {town} are asking why {a} has not {vpp} {o}.",
    "We need to {v} {o} before it is too late.",
    "This {iss} plan is {int} {ev}, and everyone knows it.",
    "I have spoken to {g} in {town}, and they are {mood}.",
    "Enough is enough!",
    "Nobody voted for {ving} {o}.",
    "I told {person} that {clause}.",
    "{person} knows as well as I do that {clause}.",
)
# Partial quotes: fragments of at least four words that state something.
FRAGMENTS = (
    "a {int} {ev} {dn}",
    "{ving} {o} at the expense of {g}",
    "the most {ev} {dn} in {numw} decades",
    "a slap in the face for {g}",
    "a step in the right direction",
    "a recipe for {bad}",
    "a threat to {g} across the country",
    "long overdue and badly needed",
    "playing politics with {o}",
    "a blank cheque for {a}",
    "{int} {ev} and {int} {ev}",
    "the wrong answer to {o}",
    "a betrayal of {g} in {town}",
)
ING_FRAGMENTS = (
    "{ving} {o} at the expense of {g}",
    "playing politics with {o}",
    "{ving} {o} without a credible plan",
    "trying to {v} {o} by stealth",
    "{ving} {o} behind closed doors",
    "ignoring the needs of {g} in {town}",
)
# Heads of a reported clause that ends in a quoted fragment: (head, kind of fragment).
PARTIAL_HEADS = (
    ("the {dn} to {v} {o} was", "np"),
    ("{a} risked", "ing"),
    ("{o} would be", "np"),
    ("{a} was guilty of", "ing"),
    ("the {iss} proposal amounted to", "np"),
)
PARTIAL_TARGETS = ("the {iss} {dn}", "the decision to {v} {o}", "{o}", "the {adj} {dn}", "the move to {v} {o}")
# The author's own sentences: no reporting verbs, no quotations (scare quotes are not claims).
FILLERS = (
    "{A} {vp} {o} in {yr}.",
    "{M} rose by {pct} in {month} {yr}.",
    "The {iss} debate has dominated politics in {country} since {yr}.",
    "{Town}, a town of about {n} people, lies {small} kilometres from {capital}.",
    "Talks between {a} and {a} are due to resume {fut}.",
    "The {adj} {iss} plan was first introduced in {yr} and has been amended several times since.",
    "{Money} has been set aside for {o} over the next {numw} years.",
    "The so-called {oq}{adj} {iss}{cq} rules were introduced in {yr}.",
    "It is the {ord} time this year that {a} has {vpp} {o}.",
    "{A} did not respond to a request for comment.",
    "A vote on {o} is expected {fut}.",
    "{G} in {town} have been hit hard by {o}.",
    "The {dn} marks a {sharp} {shift} from the {iss} policy of {yr}.",
    "{A} has {vpp} {o} twice in the past {numw} years.",
    "The dispute over {o} has dragged on for {numw} months.",
    "Protests against {o} drew {n} people in {capital} in {yr}.",
    "The next election is due in {future_year}.",
    "{M} fell by {pct} over the same period.",
    "Both {o} and {o} remain under review.",
    "The {adj} sector employs about {n} people in {town} alone.",
    "{O} cost {money} in {yr}, up from {money} two years earlier.",
    "The measure still needs the approval of {a}.",
    "Opposition to {o} has grown steadily since {yr}.",
    "{A} last {vp} {o} in {yr}, after months of negotiations.",
    "The {iss} bill passed its first reading in {month} by {small} votes.",
    "{Town} has been at the centre of the {iss} dispute for years.",
    "The package covers {o}, {o} and {o}.",
    "Last year, {a} {vp} {o} for the first time in {numw} decades.",
    "{G} make up about {pct} of the population of {town}.",
    "Details of the {iss} package are expected to be published {fut}.",
    "The {adj} review of {o} began in {yr}.",
    "More than {n} {g} live in {town}, where the row over {o} has long been a source of tension.",
    "{A} is due to meet {a} {fut} to discuss {o}.",
    "The {iss} fund was set up in {yr} with {money}.",
    "Hundreds of {g} gathered outside the offices of {a} in {capital} on {weekday}.",
    "The two sides have been at odds over {o} since {yr}.",
    "{O} accounted for {pct} of {adj} spending last year.",
    "A similar plan was abandoned in {yr} after fierce opposition from {g}.",
    "Turnout at the last election was {pct}.",
    "{M} stood at {pct} in {month}, its highest level since {yr}.",
    "{M} has fallen for {numw} consecutive months.",
    "Under the current rules, {o} can only be {vpp} with the consent of {a}.",
    "The {adj} {iss} strategy runs until {future_year}.",
    "{A} has faced growing pressure over {o} in recent months.",
    "The issue is expected to feature prominently in the {future_year} election campaign.",
    "Negotiations over {o} collapsed in {month} {yr}.",
    "In {yr}, {a} {vp} {o}, a move that divided {a}.",
    "{Money} was spent on {o} in {yr} alone.",
    "A court is expected to rule on {o} {fut}.",
    "It was not immediately clear how the changes to {o} would affect {g}.",
    "The plant in {town}, which opened in {yr}, employs {n} people.",
    "{G} and {g} have staged {numw} demonstrations since {month}.",
    "{A} was created in {yr} and reports to {a}.",
    "The first phase of the project cost {money} and took {numw} years.",
    "Roughly one in {small} {g} in {country} is affected by {o}.",
    "The government has survived {numw} confidence votes since {yr}.",
    "By {month}, {n} applications had been filed, against {n} a year earlier.",
    "The {iss} question has split {a} for more than a decade.",
    "{Capital} has {vpp} {o} {numw} times since {yr}.",
    "{person} took over the {iss} brief in {yr}.",
    "{A} appointed {person} to lead the {iss} review in {month}.",
)
HEADLINES = (
    "{Iss} row deepens as {a} moves to {v} {o}",
    "{A} to {v} {o} {fut}",
    "{Short} under pressure over {o}",
    "Fresh row over {o} in {country}",
    "{Country} moves to {v} {o}",
    "{M} {rose} as {a} {vs} {o}",
    "{Short} vows to {v} {o}",
    "Anger in {town} over plans to {v} {o}",
    "Questions mount over {o}",
)

PORTFOLIOS = (
    "Finance|finance; Defence|defence; Foreign Affairs|foreign; Interior|interior; Health|health;"
    " Education|education; Energy|energy; Transport|transport; Trade|trade; Agriculture|agriculture;"
    " Labour|labour; Justice|justice; Environment|environment; Housing|housing; Digital Affairs|digital affairs;"
    " Culture|culture"
)
AGENCIES = (
    "Revenue Authority; Statistics Office; Central Bank; Competition Authority; Food Safety Agency;"
    " Election Commission; National Police; Armed Forces; Coast Guard; Border Agency; Medicines Agency;"
    " Energy Regulator; Data Protection Authority; Audit Office"
)
INDUSTRIES = (
    "Energy; Motors; Pharmaceuticals; Logistics; Telecom; Steel; Foods; Mining; Airlines; Software; Shipping;"
    " Chemicals; Construction; Insurance; Textiles; Retail"
)
COMPANY_SUFFIXES = "Group; Holdings; International; Corporation; Industries; Partners"
CAUSES = (
    "Clean Air; Open Government; Fair Trade; Rural Development; Press Freedom; Patient Safety;"
    " Affordable Housing; Digital Rights; Refugee Support; Ocean Protection; Road Safety; Public Health;"
    " Child Welfare; Food Security"
)
FIELDS = (
    "economics; public health; political science; international relations; energy policy; law; sociology;"
    " climate science; history; engineering; computer science; urban planning"
)
SECTORS = "Transport; Health; Teachers; Metal; Public Service; Rail; Dock; Farm; Postal; Mine"
PAPERS = (
    "Times; Herald; Tribune; Gazette; Courier; Chronicle; Post; Observer; Journal; Star; Standard; Examiner;"
    " Record; Dispatch; Sentinel; Mirror"
)
AGENCY_WORDS = "Meridian; Horizon; Pinnacle; Continental; Atlas; Beacon; Compass; Summit; Harbour; Keystone"
OCCUPATIONS = "teacher; nurse; shopkeeper; taxi driver; farmer; student; pensioner; engineer; doctor; fisherman"

# Reporting verbs by speaker type: for that-clauses.
THAT_VERBS = {
    "person": "said; said; said; said; warned; argued; claimed; insisted; noted; acknowledged; suggested;"
    " stressed; maintained; predicted; denied; conceded; complained; admitted",
    "organisation": "said; said; said; announced; warned; confirmed; stated; insisted; claimed; denied; noted",
    "media": "reported; reported; said; revealed; wrote",
    "document": "found; found; concluded; showed; estimated; warned; said; stated",
}
THAT_VERBS["government"] = THAT_VERBS["organisation"]
THAT_VERBS["anonymous"] = THAT_VERBS["person"]
THAT_VERBS["group"] = THAT_VERBS["person"]
PARTICIPLES = "claiming; arguing; saying; insisting; warning; noting"


_SLOT = re.compile(r"\{(\w+)\}")


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


# --- Small tools ------------------------------------------------------------------------------------------------


class Rng(random.Random):
    """random.Random with quicker picks (choice and randint are several times slower)."""

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        """An integer from low to high, both included."""
        return low + int(self.random() * (high - low + 1))


class Template:
    """A sentence template split once into its text and its {slots}: text, slot, text, ..., text."""

    __slots__ = ("articles", "parts", "repeats")

    def __init__(self, text: str) -> None:
        self.parts = tuple(_SLOT.split(text))
        names = [name.lower() for name in self.parts[1::2]]
        self.repeats = len(set(names)) < len(names)  # {G} and {g} are the same slot
        self.articles = bool(re.search(r"\b[Aa] \{", text))  # "a {ev}" may need to be "an"


_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeio]|u(?!ni|s[eu]))")


def templates(texts: Iterable[str]) -> tuple[Template, ...]:
    return tuple(Template(text) for text in texts)


_CLAUSES = templates(CLAUSES)
_SENTENCES = templates(SENTENCES)
_FRAGMENTS = templates(FRAGMENTS)
_ING_FRAGMENTS = templates(ING_FRAGMENTS)
_PARTIAL_HEADS = tuple((Template(head), kind) for head, kind in PARTIAL_HEADS)
_PARTIAL_TARGETS = templates(PARTIAL_TARGETS)
_FILLERS = templates(FILLERS)
_HEADLINES = templates(HEADLINES)


class Zipf(Generic[T]):
    """Picks items with weight 1/rank**s: the first item is the most common."""

    __slots__ = ("_cumulative", "_items", "_last", "_total")

    def __init__(self, items: Sequence[T], s: float = 1.0) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self._items = tuple(items)
        self._cumulative = list(itertools.accumulate(rank**-s for rank in range(1, len(items) + 1)))
        self._total = self._cumulative[-1]
        self._last = len(items) - 1

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> tuple[T, ...]:
        return self._items

    def pick(self, rng: random.Random) -> T:
        return self._items[bisect.bisect(self._cumulative, rng.random() * self._total, 0, self._last)]


def zipf_items(text: str, s: float = 1.0) -> Zipf[str]:
    return Zipf(_items(text), s)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str, max_length: int = 120) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:max_length].rstrip("-")


@dataclass(frozen=True, slots=True)
class Verb:
    base: str
    third: str
    past: str
    participle: str
    ing: str


_DOUBLED = frozenset(
    ["ban", "cap", "scrap", "plan", "stop", "drop", "ship", "step", "admit", "control", "patrol", "equip"]
)


def _past(word: str) -> str:
    if word in _DOUBLED:
        return f"{word}{word[-1]}ed"
    if word.endswith("e"):
        return f"{word}d"
    if word.endswith("y") and word[-2] not in "aeiou":
        return f"{word[:-1]}ied"
    return f"{word}ed"


def _ing(word: str) -> str:
    if word in _DOUBLED:
        return f"{word}{word[-1]}ing"
    if word.endswith("ie"):
        return f"{word[:-2]}ying"
    if word.endswith("e") and not word.endswith("ee"):
        return f"{word[:-1]}ing"
    return f"{word}ing"


def _third(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return f"{word}es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return f"{word[:-1]}ies"
    return f"{word}s"


def make_verb(spec: str) -> Verb:
    """'cut|cut|cut', 'phase out' or 'freeze|froze|frozen' as all the forms a template needs."""
    forms = spec.split("|")
    head, _, particle = forms[0].partition(" ")
    tail = f" {particle}" if particle else ""
    past = forms[1] if len(forms) > 1 else _past(head)
    participle = forms[2] if len(forms) > 2 else past
    return Verb(head + tail, _third(head) + tail, past + tail, participle + tail, _ing(head) + tail)


# --- The world: countries, names, topics, speakers, outlets ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str  # as written in a sentence: "the United States"
    adjective: str
    capital: str
    group: str

    @property
    def bare(self) -> str:
        return self.name.removeprefix("the ")


@dataclass(frozen=True, slots=True)
class NameGroup:
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    towns: tuple[str, ...]
    surname_first: bool


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    actors: Zipf[str]
    verbs: Zipf[Verb]
    objects: Zipf[str]
    metrics: Zipf[str]
    issues: Zipf[str]
    adjectives: Zipf[str]


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """A registry entry, and how articles name it: `intro` on first mention, `later` after; labels with ', '
    are appositions ("Jane Doe, a professor of law")."""

    id: str
    name: str
    type: str
    role: str | None
    affiliation: str | None
    country: str | None
    aliases: tuple[str, ...]
    intro: tuple[str, ...]
    later: tuple[str, ...]
    generic: str | None = None  # "the minister": used only while no other speaker in the article claims it
    pronoun: str | None = None
    prominence: float = 1.0


@dataclass(frozen=True, slots=True)
class OutletInfo:
    id: str
    name: str
    url: str
    country: str
    authors: tuple[str, ...]
    curly: bool  # “curly” quotation marks
    american: bool  # a final stop inside the closing quotation mark; "percent"
    italics: bool  # names of newspapers in *italics*
    byline_by: bool  # "By Jane Doe | March 3, 2019" rather than "Jane Doe 3 March 2019"


def _parts(text: str) -> tuple[list[str], list[str]]:
    if not text:
        return [], []
    prefixes, suffixes = text.split("/")
    return [p.replace("_", " ") for p in prefixes.split()], suffixes.split()


def _name_group(spec: dict[str, str]) -> NameGroup:
    prefixes, suffixes = _parts(spec["sp"])
    surnames = spec["s"].split() + [p + s for p in prefixes for s in suffixes]
    town_prefixes, town_suffixes = _parts(spec["tp"])
    towns = [p + s for p in town_prefixes for s in town_suffixes]
    return NameGroup(
        tuple(spec["m"].split()),
        tuple(spec["f"].split()),
        tuple(dict.fromkeys(surnames)),
        tuple(towns),
        spec.get("order") == "surname",
    )


def _topic(spec: dict[str, str]) -> Topic:
    return Topic(
        spec["name"],
        zipf_items(spec["actors"]),
        Zipf([make_verb(v) for v in _items(spec["verbs"])]),
        zipf_items(spec["objects"]),
        zipf_items(spec["metrics"]),
        zipf_items(spec["issues"]),
        zipf_items(spec["adjectives"]),
    )


@dataclass
class World:
    """Everything articles are made from; the same for a seed and a speaker count, whatever the articles."""

    seed: int
    countries: Zipf[Country]
    towns: dict[str, Zipf[str]]
    groups: dict[str, NameGroup]
    topics: Zipf[Topic]
    speakers: list[SpeakerInfo]
    speaker_ranks: Zipf[SpeakerInfo]
    media: Zipf[SpeakerInfo]
    bodies: Zipf[SpeakerInfo]  # governments and organisations, for the content of claims
    people: Zipf[SpeakerInfo]
    outlets: list[OutletInfo]
    outlet_ranks: Zipf[OutletInfo]
    words: dict[str, Zipf[str]]
    generic_verbs: Zipf[Verb]
    by_code: dict[str, Country]


def _countries() -> list[Country]:
    return [Country(*line.split("|")) for line in COUNTRIES.strip().splitlines()]


def _make_towns(rng: random.Random, countries: list[Country], groups: dict[str, NameGroup]) -> dict[str, list[str]]:
    """A dozen towns a country (its capital first), no town in two countries."""
    taken: set[str] = set()
    towns: dict[str, list[str]] = {}
    for country in countries:
        names = [country.capital]
        candidates = list(groups[country.group].towns)
        rng.shuffle(candidates)
        for name in candidates:
            if len(names) == 12:
                break
            if name not in taken:
                taken.add(name)
                names.append(name)
        towns[country.code] = names
    return towns


class _Registry:
    """Builds speakers of every type with unique ids."""

    def __init__(
        self, rng: random.Random, countries: Zipf[Country], towns: dict[str, list[str]], groups: dict[str, NameGroup]
    ) -> None:
        self.rng = rng
        self.countries = countries
        self.towns = towns
        self.groups = groups
        self.made: dict[str, SpeakerInfo] = {}
        self.portfolios = [tuple(p.split("|")) for p in _items(PORTFOLIOS)]
        self.posts: Counter[tuple[str, str]] = Counter()  # posts of which a country has only one or two
        self.words = {name: _items(value) for name, value in _WORD_LISTS.items()}

    def choice(self, name: str) -> str:
        return self.rng.choice(self.words[name])

    def country(self) -> Country:
        return self.countries.pick(self.rng)

    def town(self, country: Country) -> str:
        return self.rng.choice(self.towns[country.code])

    def surname(self, country: Country) -> str:
        return self.rng.choice(self.groups[country.group].surnames)

    def add(self, speaker: SpeakerInfo | None) -> bool:
        if speaker is None or not speaker.id or speaker.id in self.made:
            return False
        self.made[speaker.id] = speaker
        return True

    def fill(self, count: int, maker: Callable[[], SpeakerInfo | None]) -> None:
        wanted = len(self.made) + count
        for _ in range(count * 200):
            if len(self.made) >= wanted:
                return
            self.add(maker())
        raise ValueError(f"could not make {count} distinct speakers with {maker.__name__}")

    # people

    def person(self) -> SpeakerInfo:
        rng = self.rng
        country = self.country()
        group = self.groups[country.group]
        female = rng.random() < 0.4
        given = rng.choice(group.female if female else group.male)
        surname = _feminine(self.surname(country)) if female and country.group == "slavic" else self.surname(country)
        if rng.random() < 0.15 and not group.surname_first:
            given = f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
        name = f"{surname} {given}" if group.surname_first else f"{given} {surname}"
        role, affiliation, title, apposition, generic, prominence = self.role(country)
        intro = [f"{title} {name}"] if title else []
        if apposition:
            intro.append(f"{name}, {apposition}")
        aliases = [surname] + ([f"{title} {surname}"] if title else [])
        return SpeakerInfo(
            slug(name),
            name,
            "person",
            role,
            affiliation,
            country.code,
            tuple(aliases),
            tuple(intro or [name]),
            (surname,),
            generic,
            "she" if female else "he",
            prominence,
        )

    def role(self, country: Country) -> tuple[str, str | None, str | None, str | None, str | None, float]:
        """role, affiliation, title before the name, apposition after it, generic label, prominence."""
        rng, adjective, government = self.rng, country.adjective, f"Government of {country.name}"
        town = self.town(country)
        kind = rng.choices(_ROLE_KINDS, _ROLE_WEIGHTS)[0]
        if kind == "head":
            title = rng.choice(_PRESIDENTIAL if country.code in _PRESIDENTIAL_COUNTRIES else _PARLIAMENTARY)
            if self.posts[(country.code, title)] < 1:  # one of each a country
                self.posts[(country.code, title)] += 1
                return (
                    f"{title} of {country.name}",
                    government,
                    f"{adjective} {title}",
                    None,
                    f"the {title.lower()}",
                    25,
                )
            kind = "minister"
        if kind == "minister":
            portfolio, short = rng.choice(self.portfolios)
            if self.posts[(country.code, portfolio)] >= 2:  # the minister and a predecessor
                return self.role(country)
            self.posts[(country.code, portfolio)] += 1
            title = f"{short.title()} Minister" if short != "foreign" else "Foreign Minister"
            return (
                f"Minister of {portfolio} of {country.name}",
                government,
                f"{adjective} {title}",
                (f"the {adjective} minister of {portfolio.lower()}"),
                "the minister",
                8,
            )
        if kind == "legislator":
            party = rng.choice(("opposition", "ruling party", "independent", "governing coalition"))
            return (
                f"Member of parliament for {town}",
                f"Parliament of {country.name}",
                None,
                f"an {party} lawmaker from {town}" if party[0] in "aeiou" else f"a {party} lawmaker from {town}",
                "the lawmaker",
                3,
            )
        if kind == "mayor":
            return f"Mayor of {town}", f"{town} City Council", f"{town} Mayor", f"the mayor of {town}", "the mayor", 2
        if kind == "spokesperson":
            portfolio, short = rng.choice(self.portfolios)
            body = f"{adjective} {short} ministry"
            return (
                f"Spokesperson for the {body}",
                f"{adjective} Ministry of {portfolio}",
                None,
                (f"a spokesperson for the {body}"),
                "the spokesperson",
                3,
            )
        if kind == "executive":
            company = self.company_name(country)
            return f"Chief executive of {company}", company, None, f"the chief executive of {company}", None, 2
        if kind == "economist":
            bank = f"{self.surname(country)} {rng.choice(('Capital', 'Bank', 'Securities', 'Research'))}"
            post = rng.choice(("chief economist", "senior analyst", "strategist"))
            article = "a" if post != "chief economist" else "the"
            return f"{cap(post)} at {bank}", bank, None, f"{article} {post} at {bank}", "the analyst", 1.5
        if kind == "professor":
            field_name = self.choice("fields")
            university = self.university(country)
            return (
                f"Professor of {field_name} at {university}",
                university,
                None,
                (f"a professor of {field_name} at {university}"),
                None,
                1,
            )
        if kind == "unionist":
            union = f"{adjective} {self.choice('sectors')} Workers' Union"
            return f"General secretary of the {union}", union, None, f"the general secretary of the {union}", None, 1.5
        if kind == "activist":
            ngo = self.ngo_name(country)
            return f"Director of {ngo}", ngo, None, f"the director of {ngo}", None, 1
        if kind == "officer":
            return (
                f"Commander of the {adjective} Armed Forces",
                f"{adjective} Armed Forces",
                "General",
                (f"a senior {adjective} army commander"),
                "the general",
                3,
            )
        if kind == "ambassador":
            other = self.country()
            return (
                f"{adjective} ambassador to {other.name}",
                government,
                f"{adjective} Ambassador",
                (f"the {adjective} ambassador to {other.name}"),
                "the ambassador",
                2,
            )
        occupation = self.choice("occupations")
        return (
            f"{cap(occupation)} in {town}",
            None,
            None,
            _A_BEFORE_VOWEL.sub(r"\1n ", f"a {occupation} in {town}"),
            None,
            0.3,
        )

    # organisations

    def company_name(self, country: Country) -> str:
        rng = self.rng
        return f"{self.surname(country)} {self.choice('industries')} {rng.choice(self.words['company_suffixes'])}"

    def university(self, country: Country) -> str:
        town = self.town(country)
        return self.rng.choice((f"the University of {town}", f"{town} Institute of Technology", f"{town} University"))

    def ngo_name(self, country: Country) -> str:
        cause = self.choice("causes")
        return self.rng.choice(
            (f"the {cause} Alliance", f"the Foundation for {cause}", f"the {country.adjective} {cause} Council")
        )

    def organisation(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        kind = rng.random()
        if kind < 0.45:
            name = self.company_name(country)
            short = name.rsplit(" ", 1)[0]
            return _org(
                name,
                "organisation",
                f"{name.split()[1]} company",
                country,
                (short,),
                (name,),
                (short,),
                "the company",
                1.5,
            )
        if kind < 0.65:
            name = self.ngo_name(country)
            return _org(
                name, "organisation", "Non-governmental organisation", country, (), (name,), (name,), "the group", 1.2
            )
        if kind < 0.8:
            name = self.university(country)
            return _org(name, "organisation", "University", country, (), (name,), (name,), "the university", 1)
        if kind < 0.92:
            name = f"the {country.adjective} {self.choice('sectors')} Workers' Union"
            acronym = _acronym(name)
            return _org(
                name,
                "organisation",
                "Trade union",
                country,
                (acronym,),
                (name,),
                (acronym, "the union"),
                "the union",
                1.5,
            )
        name = f"the {self.surname(country)} Institute for {self.choice('fields').title()}"
        return _org(name, "organisation", "Think tank", country, (), (name,), ("the institute",), "the institute", 1)

    def government(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        kind = rng.random()
        adjective = country.adjective
        if kind < 0.1:
            name = f"Government of {country.name}"
            labels = (country.capital, f"the {adjective} government")
            return _org(
                name,
                "government",
                None,
                country,
                (country.capital, country.bare, f"{adjective} government"),
                labels,
                labels,
                "the government",
                60,  # a national government is quoted more than any of its parts
            )
        if kind < 0.6:
            portfolio, short = rng.choice(self.portfolios)
            name = f"{adjective} Ministry of {portfolio}"
            label = f"the {adjective} {short} ministry"
            return _org(
                name,
                "government",
                f"Ministry of {portfolio}",
                country,
                (f"{adjective} {short} ministry",),
                (label,),
                ("the ministry",),
                "the ministry",
                6,
            )
        if kind < 0.85:
            agency = self.choice("agencies")
            name = f"{adjective} {agency}"
            return _org(name, "government", agency, country, (), (f"the {name}",), (f"the {agency.lower()}",), None, 3)
        town = self.town(country)
        name = f"{town} City Council"
        return _org(
            name,
            "government",
            "Local government",
            country,
            (f"{town} council",),
            (f"the {name}",),
            ("the council",),
            "the council",
            1.5,
        )

    def media(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        kind = rng.random()
        if kind < 0.7:
            paper = self.choice("papers")
            name = f"The {self.town(country)} {paper}"
            bare = name.removeprefix("The ")
            return _org(
                name,
                "media",
                "Newspaper",
                country,
                (bare, paper),
                (f"the {bare}",),
                (f"the {paper}",),
                "the newspaper",
                4,
            )
        if kind < 0.85:
            name = f"{country.adjective} Broadcasting Corporation"
            acronym = _acronym(name)
            return _org(
                name,
                "media",
                "Public broadcaster",
                country,
                (acronym,),
                (f"the {name}",),
                (acronym,),
                "the broadcaster",
                4,
            )
        word = self.choice("agency_words")
        name = f"{word} News Agency"
        return _org(name, "media", "News agency", country, (word,), (f"the {name}",), (word,), "the agency", 4)

    def anonymous(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        adjective, kind = country.adjective, rng.random()
        if kind < 0.5:
            _, short = rng.choice(self.portfolios)
            rank = rng.choice(("Senior", "Two", "Several", "Three"))
            alias = f"{rank.lower()} {adjective} {short} ministry officials"
            return _org(
                f"{cap(alias)} (unnamed)", "anonymous", None, country, (alias,), (alias,), ("the officials",), None, 4
            )
        if kind < 0.65:
            alias = f"diplomats in {country.capital}"
            return _org(
                f"Diplomats in {country.capital} (unnamed)",
                "anonymous",
                None,
                country,
                (alias,),
                (alias,),
                ("the diplomats",),
                None,
                4,
            )
        if kind < 0.85:
            company = self.company_name(country)
            alias = f"people familiar with the {company} talks"
            return _org(
                f"People familiar with the {company} talks (unnamed)",
                "anonymous",
                None,
                country,
                (alias,),
                (alias,),
                (alias,),
                None,
                2,
            )
        alias = f"{adjective} security sources"
        return _org(
            f"{cap(alias)} (unnamed)", "anonymous", None, country, (alias,), (alias,), ("the sources",), None, 4
        )

    def group(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        kind = rng.random()
        if kind < 0.4:
            town = self.town(country)
            return _org(
                f"{town} residents",
                "group",
                None,
                country,
                (f"residents of {town}",),
                (f"residents of {town}", f"{town} residents"),
                ("residents",),
                None,
                1,
            )
        if kind < 0.7:
            occupation = rng.choice(
                ("nurses", "teachers", "dock workers", "rail workers", "doctors", "miners", "farmers")
            )
            name = f"Striking {country.adjective} {occupation}"
            return _org(
                name,
                "group",
                None,
                country,
                (f"striking {occupation}",),
                (f"striking {occupation} in {country.name}",),
                (f"the {occupation}",),
                None,
                1,
            )
        if kind < 0.85:
            return _org(
                f"Protesters in {country.capital}",
                "group",
                None,
                country,
                (f"protesters in {country.capital}",),
                (f"protesters in {country.capital}",),
                ("the protesters",),
                None,
                1,
            )
        name = f"{country.adjective} opposition lawmakers"
        return _org(
            name,
            "group",
            None,
            country,
            (f"opposition lawmakers in {country.name}",),
            (f"{country.adjective} opposition lawmakers",),
            ("opposition lawmakers",),
            None,
            1.5,
        )

    def document(self) -> SpeakerInfo:
        rng, country = self.rng, self.country()
        kind = rng.random()
        if kind < 0.35:
            agency = f"{country.adjective} {self.choice('agencies')}"
            name = f"Annual report of the {agency}"
            return _org(
                name,
                "document",
                "Annual report",
                country,
                (f"the {agency} annual report",),
                (f"the annual report of the {agency}",),
                ("the report",),
                None,
                1,
            )
        if kind < 0.6:
            portfolio, short = rng.choice(self.portfolios)
            name = f"Internal memo of the {country.adjective} Ministry of {portfolio}"
            return _org(
                name,
                "document",
                "Leaked memo",
                country,
                (f"{short} ministry memo",),
                (f"a leaked {country.adjective} {short} ministry memo",),
                ("the memo",),
                None,
                0.8,
            )
        if kind < 0.8:
            ngo = self.ngo_name(country)
            name = f"Survey by {ngo}"
            return _org(name, "document", "Survey", country, (), (f"a survey by {ngo}",), ("the survey",), None, 0.8)
        company = self.company_name(country)
        name = f"Court filings in the {company} case"
        return _org(
            name,
            "document",
            "Court filings",
            country,
            (),
            (f"court filings in the {company} case",),
            ("the filings",),
            None,
            0.6,
        )


_ROLE_KINDS = [
    "head",
    "minister",
    "legislator",
    "mayor",
    "spokesperson",
    "executive",
    "economist",
    "professor",
    "unionist",
    "activist",
    "officer",
    "ambassador",
    "citizen",
]
_ROLE_WEIGHTS = (1, 8, 8, 4, 8, 6, 8, 8, 4, 5, 2, 2, 16)
_PRESIDENTIAL_COUNTRIES = frozenset(
    _items("US; FR; BR; MX; AR; CO; CL; PE; NG; KE; GH; ID; PH; KR; RU; UA; TR; IR; EG; SY; SN")
)
_PRESIDENTIAL = ("President", "Vice President")
_CURRENCIES = {"GB": "£", "JP": "¥", "CN": "¥", "IN": "₹"} | dict.fromkeys(
    _items("FR; DE; IT; ES; NL; BE; AT; PT; IE; FI"), "€"
)
_PARLIAMENTARY = ("Prime Minister", "Deputy Prime Minister")
# What share of the ranks goes to each type, and the types of the most quoted few.
_CLAIM_SHARES = {
    "person": 0.58,
    "government": 0.15,
    "organisation": 0.08,
    "anonymous": 0.08,
    "media": 0.05,
    "group": 0.03,
    "document": 0.03,
}
_TOP_TYPES = _items(
    "government; person; person; anonymous; person; government; organisation; person; media; person; anonymous;"
    " person; government; group; person; organisation; document; person"
)
_WORD_LISTS = {
    "fields": FIELDS,
    "sectors": SECTORS,
    "industries": INDUSTRIES,
    "company_suffixes": COMPANY_SUFFIXES,
    "causes": CAUSES,
    "papers": PAPERS,
    "agency_words": AGENCY_WORDS,
    "agencies": AGENCIES,
    "occupations": OCCUPATIONS,
}
# (type, share of the registry); people take what the others leave
_SHARES = (
    ("organisation", 0.09),
    ("government", 0.06),
    ("media", 0.035),
    ("anonymous", 0.05),
    ("group", 0.035),
    ("document", 0.02),
)


def _feminine(surname: str) -> str:
    if surname.endswith(("ov", "ev", "in")):
        return f"{surname}a"
    if surname.endswith(("ski", "cki")):
        return f"{surname[:-1]}a"
    return surname


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper() and word not in ("The",))


def _org(
    name: str,
    kind: str,
    role: str | None,
    country: Country,
    aliases: tuple[str, ...],
    intro: tuple[str, ...],
    later: tuple[str, ...],
    generic: str | None,
    prominence: float,
) -> SpeakerInfo:
    """A speaker that is not a person: its name without a leading "the", which labels keep."""
    name = cap(name.removeprefix("the "))
    aliases = tuple(a for a in dict.fromkeys(aliases) if a and a != name)
    return SpeakerInfo(
        slug(name), name, kind, role, None, country.code, aliases, intro, later, generic, None, prominence
    )


def _speakers(
    rng: random.Random, count: int, countries: Zipf[Country], towns: dict[str, list[str]], groups: dict[str, NameGroup]
) -> list[SpeakerInfo]:
    """`count` speakers, the most quoted first. Each rank gets a type (the top ranks in a fixed order, the others
    drawn by _CLAIM_SHARES, so that claims are shared between types alike whatever the seed) and the most prominent
    speaker of that type left: heads of government above citizens, the countries most in the news first, with
    log-normal noise."""
    registry = _Registry(rng, countries, towns, groups)
    makers = {
        "organisation": registry.organisation,
        "government": registry.government,
        "media": registry.media,
        "anonymous": registry.anonymous,
        "group": registry.group,
        "document": registry.document,
    }
    for kind, share in _SHARES:
        registry.fill(max(1, round(count * share)), makers[kind])
    registry.fill(count - len(registry.made), registry.person)
    country_rank = {country.code: rank for rank, country in enumerate(countries.items, start=1)}
    by_type: dict[str, list[tuple[float, SpeakerInfo]]] = {}
    for speaker in registry.made.values():
        key = math.log(speaker.prominence) - 0.9 * math.log(country_rank.get(speaker.country or "", 30))
        by_type.setdefault(speaker.type, []).append((key + rng.gauss(0, 0.5), speaker))
    queues = {kind: [s for _, s in sorted(keyed, key=lambda pair: pair[0])] for kind, keyed in by_type.items()}
    return _interleave(rng, queues, count)


def _interleave(rng: random.Random, queues: dict[str, list[SpeakerInfo]], count: int) -> list[SpeakerInfo]:
    """One list from the per-type lists (each most prominent last): a type for each rank, then its next speaker."""
    kinds, shares = zip(*_CLAIM_SHARES.items(), strict=True)
    ranked: list[SpeakerInfo] = []
    while len(ranked) < count:
        position = len(ranked)
        kind = _TOP_TYPES[position] if position < len(_TOP_TYPES) else rng.choices(kinds, shares)[0]
        if not queues.get(kind):
            kind = max(queues, key=lambda k: len(queues[k]))
        ranked.append(queues[kind].pop())
    return ranked


def _outlets(
    rng: random.Random, countries: Zipf[Country], towns: dict[str, list[str]], groups: dict[str, NameGroup]
) -> list[OutletInfo]:
    papers = _items(PAPERS)
    made: dict[str, OutletInfo] = {}
    while len(made) < OUTLETS:
        country = countries.pick(rng)
        kind = rng.random()
        if kind < 0.6:
            name = f"The {rng.choice(towns[country.code])} {rng.choice(papers)}"
        elif kind < 0.8:
            name = f"{country.adjective} {rng.choice(('Daily', 'Weekly', 'News', 'Review', 'Post', 'Monitor'))}"
        else:
            name = f"{rng.choice(_items(AGENCY_WORDS))} {rng.choice(('Online', 'Daily', 'Report', 'Wire', 'Voice'))}"
        outlet_id = slug(name.removeprefix("The "))
        if outlet_id in made:
            continue
        group = groups[country.group]
        authors = tuple(_author(rng, group) for _ in range(rng.randint(8, 30)))
        made[outlet_id] = OutletInfo(
            outlet_id,
            name,
            f"https://www.{outlet_id.replace('-', '')}.example",
            country.code,
            authors,
            curly=rng.random() < 0.3,
            american=country.code == "US" or rng.random() < 0.3,
            italics=rng.random() < 0.15,
            byline_by=rng.random() < 0.5,
        )
    return list(made.values())


def _author(rng: random.Random, group: NameGroup) -> str:
    given = rng.choice(group.male + group.female)
    surname = rng.choice(group.surnames)
    return f"{surname} {given}" if group.surname_first else f"{given} {surname}"


_WORLDS: dict[tuple[int, int], World] = {}


def world(seed: int, speakers: int = DEFAULT_SPEAKERS) -> World:
    """The world of a seed, built once per process."""
    key = (seed, speakers)
    if key not in _WORLDS:
        _WORLDS[key] = _build_world(seed, speakers)
    return _WORLDS[key]


def _build_world(seed: int, speakers: int) -> World:
    rng = random.Random(f"corpus-world:{seed}:{speakers}")
    country_list = _countries()
    countries = Zipf(country_list, 0.9)
    groups = {name: _name_group(spec) for name, spec in NAME_GROUPS.items()}
    towns = _make_towns(rng, country_list, groups)
    speaker_list = _speakers(rng, speakers, countries, towns, groups)
    outlets = _outlets(rng, countries, towns, groups)
    rng.shuffle(outlets)
    words = {
        "actors": zipf_items(GENERIC_ACTORS),
        "groups": zipf_items(GROUPS, 0.7),
        "evaluations": zipf_items(EVALUATIONS),
        "intensifiers": zipf_items(INTENSIFIERS),
        "decisions": zipf_items(DECISIONS),
        "futures": zipf_items(FUTURES),
        "since": zipf_items(SINCE),
        "recent": zipf_items(RECENT),
        "progress": zipf_items(PROGRESS),
        "bad": zipf_items(BAD_OUTCOMES),
        "moods": zipf_items(MOODS),
        "numbers": zipf_items(NUMBER_WORDS),
        "ordinals": zipf_items(ORDINALS),
        "participles": zipf_items(PARTICIPLES),
        **{kind: zipf_items(verbs) for kind, verbs in THAT_VERBS.items()},
    }
    return World(
        seed=seed,
        countries=countries,
        towns={code: Zipf(names, 0.8) for code, names in towns.items()},
        groups=groups,
        topics=Zipf([_topic(spec) for spec in TOPICS], 0.5),
        speakers=speaker_list,
        speaker_ranks=Zipf(speaker_list, SPEAKER_ZIPF),
        media=Zipf([s for s in speaker_list if s.type == "media"], SPEAKER_ZIPF),
        bodies=Zipf([s for s in speaker_list if s.type in ("government", "organisation")], 0.8),
        people=Zipf([s for s in speaker_list if s.type == "person"], 0.8),
        outlets=outlets,
        outlet_ranks=Zipf(outlets, 0.8),
        words=words,
        generic_verbs=Zipf([make_verb(v) for v in _items(GENERIC_VERBS)]),
        by_code={c.code: c for c in country_list},
    )


# --- YAML by hand -----------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()$%/-]*")
_PLAIN_IN_FLOW = re.compile(r"[A-Za-z][A-Za-z0-9 .'()$%/-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# JSON leaves these raw, YAML does not take them raw (non-printable, or line breaks to YAML).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_str(value: str, flow: bool = False) -> str:
    """A YAML scalar that reads back as exactly `value`: plain when that is plainly safe, else double-quoted
    (JSON's escapes are YAML's)."""
    if (_PLAIN_IN_FLOW if flow else _PLAIN).fullmatch(value) and value[-1] != " " and value.lower() not in _YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    if _RAW_IN_JSON.search(quoted):
        quoted = _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return quoted


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NUMBER_LIKE = re.compile(r"[0-9][0-9_]*|0x[0-9a-f_]+|0b[01_]+|0o[0-7_]+")


def yaml_slug(value: str) -> str:
    """An id: plain unless YAML would read it as a number, a boolean or null."""
    if _SLUG.fullmatch(value) and not _NUMBER_LIKE.fullmatch(value) and value not in _YAML_WORDS:
        return value
    return json.dumps(value)


def _text_name(article_id: str) -> str:
    name = f"{article_id}.txt"
    return name if yaml_slug(article_id) == article_id else json.dumps(name)


def outlets_yaml(seed: int, outlets: Iterable[OutletInfo]) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/outlets.schema.json",
        f"# The outlets that publish the articles: synthetic, made by `python -m benchmarks.corpus --seed {seed}`.",
        "outlets:",
    ]
    for outlet in outlets:
        lines += [
            f"  - id: {yaml_slug(outlet.id)}",
            f"    name: {yaml_str(outlet.name)}",
            f"    url: {yaml_str(outlet.url)}",
            f"    country: {yaml_str(outlet.country)}",
        ]
    return "\n".join(lines) + "\n"


def speakers_yaml(seed: int, speakers: Iterable[SpeakerInfo]) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/speakers.schema.json",
        "# Canonical speakers: people, organisations, governments, media, documents, groups and anonymous",
        f"# sources. Synthetic, made by `python -m benchmarks.corpus --seed {seed}`; the most quoted come first.",
        "speakers:",
    ]
    for speaker in speakers:
        lines += [
            f"  - id: {yaml_slug(speaker.id)}",
            f"    name: {yaml_str(speaker.name)}",
            f"    type: {speaker.type}",
        ]
        if speaker.role:
            lines.append(f"    role: {yaml_str(speaker.role)}")
        if speaker.affiliation:
            lines.append(f"    affiliation: {yaml_str(speaker.affiliation)}")
        if speaker.country:
            lines.append(f"    country: {yaml_str(speaker.country)}")  # NO is Norway, not false
        if speaker.aliases:
            lines.append(f"    aliases: [{', '.join(yaml_str(a, flow=True) for a in speaker.aliases)}]")
    return "\n".join(lines) + "\n"


# --- Articles ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class When:
    """When a claim was said, and the words that say so."""

    start: dt.date
    end: dt.date
    precision: str
    phrase: str


@dataclass(slots=True)
class Draft:
    kind: str
    quote: str
    start: int  # in its paragraph until the article is assembled
    speaker: str
    label: str
    verb: str
    via: str | None = None
    when: When | None = None


class Para:
    """A paragraph being written, with the claims in it at their offsets."""

    __slots__ = ("attached", "claims", "length", "parts", "sealed")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.claims: list[Draft] = []
        self.sealed = False  # no sentence may be added after it
        self.attached = False  # it follows on from the paragraph before: nothing may come between them

    def add(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def claim(
        self,
        quote: str,
        kind: str,
        speaker: SpeakerInfo,
        label: str,
        verb: str,
        via: str | None = None,
        when: When | None = None,
    ) -> Draft:
        draft = Draft(kind, quote, self.add(quote), speaker.id, label, verb, via, when)
        self.claims.append(draft)
        return draft

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def words(self) -> int:
        return sum(part.count(" ") for part in self.parts) + 1


_SAID_WEIGHTS = (
    (None, 52),
    ("weekday", 16),
    ("yesterday", 2),
    ("last night", 1),
    ("last week", 6),
    ("this week", 2),
    ("explicit", 5),
    ("last month", 4),
    ("earlier this month", 3),
    ("late last year", 1.5),
    ("earlier this year", 2),
    ("named month", 3),
)


class Article:
    """One article, made from its own random generator."""

    def __init__(self, world: World, index: int, salt: int = 0) -> None:
        self.world = world
        self.index = index
        self.rng = rng = Rng(f"corpus-article:{world.seed}:{index}:{salt}")
        self.outlet = world.outlet_ranks.pick(rng)
        self.published = FIRST_DAY + dt.timedelta(days=rng.between(0, (LAST_DAY - FIRST_DAY).days))
        self.topic = world.topics.pick(rng)
        self.cast = self._cast()
        main_country = self.cast[0].country
        self.country = world.by_code[main_country] if main_country else world.countries.pick(rng)
        self.oq, self.cq = ("“", "”") if self.outlet.curly else ('"', '"')
        self.introduced: set[str] = set()
        self.generic_owner: dict[str, str] = {}
        self.last_person: str | None = None
        self.quotes: set[tuple[str, str]] = set()
        self.unused_fillers: list[int] = []
        self.currency = _CURRENCIES.get(self.country.code, "$")
        self.words = world.words
        self.author = self.outlet.authors[0]
        self.slots: dict[str, Callable[[], str]] = self._slots()

    # -- choosing

    def _cast(self) -> list[SpeakerInfo]:
        rng, ranks = self.rng, self.world.speaker_ranks
        wanted = rng.between(2, 7)
        cast: dict[str, SpeakerInfo] = {}
        for _ in range(wanted * 4):
            speaker = ranks.pick(rng)
            cast.setdefault(speaker.id, speaker)
            if len(cast) == wanted:
                break
        return list(cast.values())

    def speaker(self) -> SpeakerInfo:
        rng = self.rng
        if rng.random() < 0.4:
            return self.cast[0]
        if rng.random() < 0.08:
            extra = self.world.speaker_ranks.pick(rng)
            if extra.id not in {s.id for s in self.cast}:
                self.cast.append(extra)
            return extra
        return rng.pick(self.cast)

    def word(self, name: str) -> str:
        return self.words[name].pick(self.rng)

    def verb(self) -> Verb:
        if self.rng.random() < 0.1:
            return self.world.generic_verbs.pick(self.rng)
        return self.topic.verbs.pick(self.rng)

    def actor(self) -> str:
        chance = self.rng.random()
        if chance < 0.15:
            return self.word("actors")
        if chance < 0.3:
            return self.world.bodies.pick(self.rng).intro[0]
        return self.topic.actors.pick(self.rng)

    def person(self) -> str:
        return self.world.people.pick(self.rng).name

    def year(self) -> str:
        return str(self.published.year - self.rng.between(1, 12))

    def percent(self) -> str:
        rng = self.rng
        value = f"{rng.between(1, 40)}.{rng.between(1, 9)}" if rng.random() < 0.6 else str(rng.between(2, 60))
        return f"{value} percent" if self.outlet.american else f"{value} per cent"

    def money(self) -> str:
        rng = self.rng
        amount = rng.pick((f"{rng.between(1, 9)}.{rng.between(1, 9)}", str(rng.between(2, 900))))
        unit = rng.pick(("million", "billion", "million", "million"))
        return f"{self.currency}{amount} {unit}"

    def number(self) -> str:
        rng = self.rng
        return rng.pick((str(rng.between(12, 950)), f"{rng.between(1, 99)},{rng.between(0, 999):03d}"))

    def town(self) -> str:
        return self.world.towns[self.country.code].pick(self.rng)

    def _slots(self) -> dict[str, Callable[[], str]]:
        topic, word, rng = self.topic, self.word, self.rng
        slots: dict[str, Callable[[], str]] = {
            "a": self.actor,
            "person": self.person,
            "v": lambda: self.verb().base,
            "vs": lambda: self.verb().third,
            "vp": lambda: self.verb().past,
            "vpp": lambda: self.verb().participle,
            "ving": lambda: self.verb().ing,
            "o": lambda: topic.objects.pick(rng),
            "g": lambda: word("groups"),
            "m": lambda: topic.metrics.pick(rng),
            "iss": lambda: topic.issues.pick(rng),
            "adj": lambda: topic.adjectives.pick(rng),
            "ev": lambda: word("evaluations"),
            "int": lambda: word("intensifiers"),
            "dn": lambda: word("decisions"),
            "fut": lambda: word("futures"),
            "since": lambda: word("since"),
            "recent": lambda: word("recent"),
            "progress": lambda: word("progress"),
            "bad": lambda: word("bad"),
            "mood": lambda: word("moods"),
            "numw": lambda: word("numbers"),
            "ord": lambda: word("ordinals"),
            "risen": lambda: rng.pick(("risen", "fallen", "climbed", "dropped")),
            "rose": lambda: rng.pick(("rises", "falls", "climbs", "slips")),
            "pct": self.percent,
            "money": self.money,
            "n": self.number,
            "small": lambda: str(rng.between(3, 95)),
            "yr": self.year,
            "future_year": lambda: str(self.published.year + rng.between(1, 4)),
            "month": lambda: rng.pick(MONTHS),
            "town": self.town,
            "place": lambda: rng.pick((self.country.name, self.town())),
            "country": lambda: self.country.name,
            "capital": lambda: self.country.capital,
            "clause": self.clause,
            "oq": lambda: self.oq,
            "cq": lambda: self.cq,
            "Short": lambda: self.cast[0].later[0],
            "weekday": lambda: rng.pick(WEEKDAYS),
            "sharp": lambda: rng.pick(("clear", "sharp", "marked", "significant", "notable")),
            "shift": lambda: rng.pick(("shift", "break", "departure", "change")),
        }
        for name in ("a", "o", "g", "m", "money", "town", "country", "iss", "capital"):
            slots[cap(name)] = lambda fill=slots[name]: cap(fill())
        return slots

    def fill(self, template: Template) -> str:
        """The template with its slots filled; a slot that comes twice gets two different values if it can."""
        parts, slots = template.parts, self.slots
        out = [parts[0]]
        used: dict[str, list[str]] | None = {} if template.repeats else None
        for index in range(1, len(parts), 2):
            make = slots[parts[index]]
            value = make()
            if used is not None:
                earlier = used.setdefault(parts[index].lower(), [])
                for _ in range(3):
                    if value.lower() not in earlier:
                        break
                    value = make()
                earlier.append(value.lower())
            out.append(value)
            out.append(parts[index + 1])
        text = "".join(out)
        return _A_BEFORE_VOWEL.sub(r"\1n ", text) if template.articles else text

    def clause(self) -> str:
        return self.fill(self.rng.pick(_CLAUSES))

    def quotation(self, speaker: SpeakerInfo, sentences: int | None = None) -> str:
        """Whole sentences, as the speaker said them."""
        rng = self.rng
        if sentences is None:
            sentences = rng.choices((1, 2, 3), (55, 35, 10))[0]
        if speaker.type == "document":
            return " ".join(f"{cap(self.clause())}." for _ in range(sentences))
        return " ".join(cap(self.fill(rng.pick(_SENTENCES))) for _ in range(sentences))

    # -- naming speakers

    def label(self, speaker: SpeakerInfo, start: bool) -> str:
        """What the article calls the speaker here; the first mention introduces it."""
        rng = self.rng
        if speaker.id not in self.introduced:
            self.introduced.add(speaker.id)
            text = rng.pick(speaker.intro)
        elif (
            speaker.generic
            and self.generic_owner.setdefault(speaker.generic, speaker.id) == speaker.id
            and (rng.random() < 0.3)
        ):
            text = speaker.generic
        else:
            text = rng.pick(speaker.later)
        if speaker.type == "person":
            self.last_person = speaker.id
        return cap(text) if start else text

    def can_use_pronoun(self, speaker: SpeakerInfo) -> bool:
        return speaker.pronoun is not None and self.last_person == speaker.id

    def media_label(self, media: SpeakerInfo, start: bool) -> str:
        label = self.label(media, start)
        if not self.outlet.italics or media.role != "Newspaper":
            return label
        head, _, name = label.partition(" ") if label[:4] in ("the ", "The ") else ("", "", label)
        return f"{head} *{name}*" if head else f"*{name}*"

    def subject(self, para: Para, speaker: SpeakerInfo, start: bool = True) -> str:
        """Write the speaker as the subject of a reporting verb; an apposition is closed by a comma."""
        label = self.media_label(speaker, start) if speaker.type == "media" else self.label(speaker, start)
        para.add(f"{label}," if ", " in label else label)
        return label

    # -- dates

    def when(self, speaker: SpeakerInfo) -> When | None:
        if speaker.type == "document":
            return None
        kind = self.rng.choices(_SAID_KINDS, _SAID_CHANCES)[0]
        if kind is None:
            return None
        phrase = self._phrase(kind)
        said = resolve(phrase, self.published) if phrase else None
        if said is None:
            return None
        return When(said.start, said.end, str(said.precision), phrase)

    def _phrase(self, kind: str) -> str | None:
        rng, published = self.rng, self.published
        if kind == "weekday":
            return f"on {rng.pick(WEEKDAYS)}"
        if kind == "explicit":
            day = published - dt.timedelta(days=rng.between(2, 60))
            return f"on {MONTHS[day.month - 1]} {day.day}"
        if kind == "named month":
            month = (published.month - rng.between(1, 5) - 1) % 12
            return None if month == 4 else f"in {MONTHS[month]}"
        return kind

    @staticmethod
    def said(when: When | None) -> str:
        return f" {when.phrase}" if when else ""

    # -- blocks: a paragraph with one or two claims

    def indirect_that(self, speaker: SpeakerInfo) -> Para:
        para, when = Para(), self.when(speaker)
        label = self.subject(para, speaker)
        verb = self.word(speaker.type)
        para.add(f" {verb}{self.said(when)} that ")
        para.claim(self.clause(), "indirect", speaker, label, verb, when=when)
        para.add(".")
        return para

    def indirect_bare(self, speaker: SpeakerInfo) -> Para:
        para, when = Para(), self.when(speaker)
        label = self.subject(para, speaker)
        verb, words = self.rng.pick(_BARE_VERBS if speaker.type in _PEOPLE else _BARE_VERBS_OF_BODIES)
        para.add(f" {words}{self.said(when)} ")
        para.claim(self.clause(), "indirect", speaker, label, verb, when=when)
        para.add(".")
        return para

    def indirect_trailing(self, speaker: SpeakerInfo) -> Para:
        para, when, rng = Para(), self.when(speaker), self.rng
        quote = cap(self.clause())
        inverted = rng.random() < 0.3
        label = self.media_label(speaker, False) if speaker.type == "media" else self.label(speaker, False)
        verb = "said" if inverted or rng.random() < 0.6 else self.word(speaker.type)
        para.claim(quote, "indirect", speaker, label, verb, when=when)
        if inverted:
            para.add(f", {verb} {label}{self.said(when)}.")
        else:
            comma = "," if ", " in label else ""
            para.add(f", {label}{comma} {verb}{self.said(when)}.")
        return para

    def according_to(self, speaker: SpeakerInfo) -> Para:
        para = Para()
        label = self.media_label(speaker, False) if speaker.type == "media" else self.label(speaker, False)
        if self.rng.random() < 0.7:
            para.add(f"According to {label}, ")
            para.claim(self.clause(), "indirect", speaker, label, "according to")
            para.add(".")
        else:
            para.claim(cap(self.clause()), "indirect", speaker, label, "according to")
            para.add(f", according to {label}.")
        return para

    def participial(self, speaker: SpeakerInfo) -> Para:
        para, when = Para(), self.when(speaker)
        label = self.subject(para, speaker)
        verb = self.word("participles")
        para.add(f" {self.verb().past} {self.topic.objects.pick(self.rng)}{self.said(when)}, {verb} that ")
        para.claim(self.clause(), "indirect", speaker, label, verb, when=when)
        para.add(".")
        return para

    def second_hand(self, speaker: SpeakerInfo) -> Para:
        """A claim that reached the article through a newspaper or broadcaster."""
        para, rng = Para(), self.rng
        media = self.world.media.pick(rng)
        form = rng.random()
        if form < 0.7:
            self.subject(para, media)
            word = rng.pick(("quoted", "cited"))
            label = self.label(speaker, False)
            verb = f"{word} ... as saying"
            para.add(f" {word} {label}{',' if ', ' in label else ''} as saying that ")
        else:
            para.add(f"According to {self.media_label(media, False)}, ")
            label = self.subject(para, speaker, start=False)
            verb = "said"
            para.add(" said that ")
        para.claim(self.clause(), "indirect", speaker, label, verb, via=media.id)
        para.add(".")
        return para

    def fragment(self, kind: str = "np") -> str:
        return self.fill(self.rng.pick(_ING_FRAGMENTS if kind == "ing" else _FRAGMENTS))

    def closing(self, para: Para, fragment: str) -> tuple[int, str]:
        """Write a quoted fragment that ends the sentence; its offset and the text between the marks."""
        start = para.add(self.oq) + len(self.oq)
        if self.outlet.american:
            para.add(f"{fragment}.{self.cq}")
            return start, f"{fragment}."
        para.add(f"{fragment}{self.cq}.")
        return start, fragment

    def indirect_partial(self, speaker: SpeakerInfo) -> Para:
        """Reported speech that ends in a quoted fragment: an indirect claim and a partial one."""
        para, when = Para(), self.when(speaker)
        label = self.subject(para, speaker)
        verb = self.word(speaker.type)
        head, kind = self.rng.pick(_PARTIAL_HEADS)
        para.add(f" {verb}{self.said(when)} that ")
        clause_start = para.add(f"{self.fill(head)} ")
        start, quoted = self.closing(para, self.fragment(kind))
        text = para.text
        clause = text[clause_start : len(text) - (0 if self.outlet.american else 1)]
        para.claims.append(Draft("indirect", clause, clause_start, speaker.id, label, verb, when=when))
        para.claims.append(Draft("partial", quoted, start, speaker.id, label, verb, when=when))
        return para

    def partial(self, speaker: SpeakerInfo) -> Para:
        para, rng = Para(), self.rng
        when = self.when(speaker) if rng.random() < 0.5 else None
        if when:
            when = replace(when, phrase=cap(when.phrase))
            para.add(f"{when.phrase}, ")
        label = self.subject(para, speaker, start=not when)
        form = rng.random()
        if form < 0.4:
            verb, kind = "called", "np"
            para.add(f" called {self.fill(rng.pick(_PARTIAL_TARGETS))} ")
        elif form < 0.65:
            verb, kind = "described ... as", "np"
            para.add(f" described {self.fill(rng.pick(_PARTIAL_TARGETS))} as ")
        elif form < 0.85:
            verb, kind = "accused ... of", "ing"
            para.add(f" accused {self.actor()} of ")
        else:
            verb, kind = "warned against", "ing"
            para.add(" warned against ")
        start, quoted = self.closing(para, self.fragment(kind))
        para.claims.append(Draft("partial", quoted, start, speaker.id, label, verb, when=when))
        return para

    def direct_before(self, speaker: SpeakerInfo) -> Para:
        para, when, rng = Para(), self.when(speaker), self.rng
        if speaker.type != "person" and rng.random() < 0.4:
            para.add(f"In a statement{self.said(when)}, ")
            label, verb = self.subject(para, speaker, start=False), "said"
            para.add(f" said: {self.oq}")
        else:
            label = self.subject(para, speaker)
            verb, words = rng.pick(_BEFORE_VERBS if speaker.type in _PEOPLE else _BEFORE_VERBS_OF_BODIES)
            para.add(f" {words}{self.said(when)}: {self.oq}")
        para.claim(self.quotation(speaker), "direct", speaker, label, verb, when=when)
        para.add(self.cq)
        return para

    def direct_after(self, speaker: SpeakerInfo, pronoun: bool = False, when: When | None = None) -> Para:
        para, rng = Para(), self.rng
        when = when if pronoun else self.when(speaker)
        quote = _trailing_comma(self.quotation(speaker))
        verb = "asked" if quote.endswith("?") else rng.pick(_AFTER_VERBS)
        para.add(self.oq)
        if pronoun:
            label = speaker.pronoun or "he"
            para.claim(quote, "direct", speaker, label, verb, when=when)
            para.add(f"{self.cq} {label} {verb}.")
            return para
        inverted = verb == "said" and rng.random() < 0.3
        label = self.media_label(speaker, False) if speaker.type == "media" else self.label(speaker, False)
        para.claim(quote, "direct", speaker, label, verb, when=when)
        if inverted:
            para.add(f"{self.cq} said {label}{self.said(when)}.")
        else:
            comma = "," if ", " in label else ""
            para.add(f"{self.cq} {label}{comma} {verb}{self.said(when)}.")
        return para

    def direct_split(self, speaker: SpeakerInfo, pronoun: bool = False, when: When | None = None) -> Para:
        """A quote split by its attribution: two claims."""
        para = Para()
        when = when if pronoun else self.when(speaker)
        first = _trailing_comma(self.quotation(speaker, 1))
        if first.endswith("?"):
            first = _trailing_comma(self.quotation(speaker, 1))
        if first.endswith("?"):
            first = first[:-1] + ","
        label = (speaker.pronoun or "he") if pronoun else self.label(speaker, False)
        para.add(self.oq)
        para.claim(first, "direct", speaker, label, "said", when=when)
        comma = "," if ", " in label else ""
        para.add(f"{self.cq} {label}{comma} said{'' if pronoun else self.said(when)}. {self.oq}")
        para.claim(self.quotation(speaker), "direct", speaker, label, "said", when=when)
        para.add(self.cq)
        return para

    def direct_long(self, speaker: SpeakerInfo) -> Para:
        """A quote over two paragraphs: the opening mark repeated, no closing mark until its end."""
        para, when = Para(), self.when(speaker)
        label = self.subject(para, speaker)
        para.add(f" said{self.said(when)}: {self.oq}")
        quote = f"{self.quotation(speaker, 2)}\n\n{self.oq}{self.quotation(speaker)}"
        para.claim(quote, "direct", speaker, label, "said", when=when)
        para.add(self.cq)
        para.sealed = True
        return para

    def follow_up(self, speaker: SpeakerInfo, when: When | None, room: int) -> Para:
        """More from the person just quoted, who is now "he" or "she"."""
        rng, pronoun = self.rng, speaker.pronoun or "he"
        form = rng.random()
        if form < 0.4:
            return self.direct_after(speaker, pronoun=True, when=when)
        if form < 0.5 and room > 1:
            return self.direct_split(speaker, pronoun=True, when=when)
        para = Para()
        label = cap(pronoun)
        if form < 0.65:
            para.add(f"{label} added: {self.oq}")
            para.claim(self.quotation(speaker), "direct", speaker, label, "added", when=when)
            para.add(self.cq)
        else:
            para.add(f"{label} added that ")
            para.claim(self.clause(), "indirect", speaker, label, "added", when=when)
            para.add(".")
        return para

    def filler(self) -> str:
        """One of the author's own sentences, from a template the article has not used yet if it can."""
        if not self.unused_fillers:
            self.unused_fillers = list(range(len(_FILLERS)))
        pick = self.unused_fillers.pop(self.rng.between(0, len(self.unused_fillers) - 1))
        return cap(self.fill(_FILLERS[pick]))

    def headline(self) -> str:
        return cap(self.fill(self.rng.pick(_HEADLINES)))

    # -- the whole article

    def block(self, speaker: SpeakerInfo, room: int, lede: bool = False) -> Para | None:
        """A paragraph of claims by the speaker whose quotes the article has not had yet, or None."""
        blocks, weights = (_LEDE_BLOCKS if lede else _BLOCKS if room > 1 else _ONE_CLAIM_BLOCKS)[speaker.type]
        for _ in range(4):
            state = (set(self.introduced), dict(self.generic_owner), self.last_person)
            name = self.rng.choices(blocks, weights)[0]
            if name == "participial" and speaker.type == "person" and speaker.prominence < 8:
                name = "indirect_that"  # only those in charge act and explain in one sentence
            para = getattr(self, name)(speaker)
            if self._new_quotes(para):
                return para
            self.introduced, self.generic_owner, self.last_person = state
        return None

    def _new_quotes(self, para: Para) -> bool:
        keys = [(claim.kind, claim.quote) for claim in para.claims]
        if len(set(keys)) < len(keys) or any(key in self.quotes for key in keys):
            return False
        self.quotes.update(keys)
        return True

    def paragraphs(self) -> list[Para]:
        rng = self.rng
        wanted = min(20, max(3, round(rng.gauss(10, 3.6))))
        paras: list[Para] = []
        claims = 0
        for _ in range(wanted * 3):
            if claims >= wanted:
                break
            speaker = self.speaker() if paras else self.cast[0]
            para = self.block(speaker, wanted - claims, lede=not paras)
            if para is None:
                continue
            paras.append(para)
            claims += len(para.claims)
            if claims < wanted and self.can_use_pronoun(speaker) and rng.random() < 0.3:
                more = self.follow_up(speaker, para.claims[-1].when, wanted - claims)
                if self._new_quotes(more):
                    more.attached = True
                    paras.append(more)
                    claims += len(more.claims)
        self.add_fillers(paras)
        return paras

    def add_fillers(self, paras: list[Para]) -> None:
        """The author's own sentences, until the article is as long as wanted."""
        rng = self.rng
        words = round(min(1070, max(510, rng.gauss(800, 140))))
        have = sum(para.words for para in paras) + 20
        while have < words:
            sentence = self.filler()
            have += sentence.count(" ") + 1
            target = rng.pick(paras)
            if rng.random() < 0.45 and not target.sealed and len(target.parts) < 12:
                target.add(f" {sentence}")
            else:
                para = Para()
                para.add(sentence)
                if rng.random() < 0.5:
                    extra = self.filler()
                    have += extra.count(" ") + 1
                    para.add(f" {extra}")
                paras.insert(self._between(paras), para)

    def _between(self, paras: list[Para]) -> int:
        """Where a paragraph of the author's may go: after the lede, never between a quote and its follow-up."""
        for _ in range(8):
            index = self.rng.between(1, len(paras))
            if index == len(paras) or not paras[index].attached:
                return index
        return len(paras)

    def byline(self) -> str:
        outlet, day = self.outlet, self.published
        author = self.author
        if outlet.byline_by:
            dated = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
            return f"By {author} | {dated}" if author else dated
        dated = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return f"{author} {dated}" if author else dated

    def make(self) -> Made:
        rng = self.rng
        self.author: str | None = rng.pick(self.outlet.authors) if rng.random() < 0.9 else None
        title = self.headline()
        paras = self.paragraphs()
        words = _headline_words(title)
        article_id = slug(f"{self.published.isoformat()}-{self.outlet.id}-{words}-{self.index}")
        text, drafts = _assemble(title, self.byline(), paras)
        url = f"{self.outlet.url}/{self.published:%Y/%m/%d}/{words}-{self.index}"
        return Made(article_id, title, self.outlet.id, self.author, self.published, url, text, drafts)


def _headline_words(title: str) -> str:
    """The first words of a headline, for the article's id and url: at most six and 60 characters."""
    words = slug(title).split("-")[:6]
    while len(words) > 1 and sum(len(word) + 1 for word in words) > 60:
        words.pop()
    return "-".join(words)[:60]


def _trailing_comma(quote: str) -> str:
    """A quote followed by its attribution ends with a comma where it would end with a stop."""
    return f"{quote[:-1]}," if quote.endswith(".") else quote


_PEOPLE = frozenset({"person", "anonymous", "group"})
_BARE_VERBS = (("said", "said"), ("said", "said"), ("told", "told reporters"), ("told", "told parliament"))
_BARE_VERBS_OF_BODIES = (("said", "said"), ("said", "said"), ("found", "found"), ("stated", "stated"))
_BEFORE_VERBS = (("said", "said"), ("said", "said"), ("told", "told reporters"), ("warned", "warned"))
_BEFORE_VERBS_OF_BODIES = (("said", "said"), ("said", "said"), ("stated", "stated"), ("warned", "warned"))
_AFTER_VERBS = ("said", "said", "said", "said", "added", "warned", "insisted")
_SAID_KINDS = tuple(kind for kind, _ in _SAID_WEIGHTS)
_SAID_CHANCES = tuple(weight for _, weight in _SAID_WEIGHTS)

_ALL_BLOCKS = {
    "indirect_that": 26,
    "indirect_bare": 7,
    "indirect_trailing": 8,
    "according_to": 5,
    "participial": 4,
    "second_hand": 6,
    "indirect_partial": 7,
    "partial": 13,
    "direct_before": 9,
    "direct_after": 11,
    "direct_split": 3,
    "direct_long": 0.7,
}
_LEDE = ("indirect_that", "indirect_bare", "participial", "according_to", "direct_before")
_NOT_FOR = {
    "person": set(),
    "anonymous": {"participial", "direct_split", "direct_long"},
    "organisation": {"second_hand"},
    "government": {"second_hand"},
    "media": {"second_hand", "participial", "direct_split", "direct_long", "indirect_bare"},
    "group": {"second_hand", "participial", "direct_split", "direct_long", "indirect_bare"},
    "document": {"second_hand", "participial", "direct_after", "direct_split", "direct_long", "partial"},
}
_TWO_CLAIMS = {"indirect_partial", "direct_split"}


def _block_table(exclude: set[str]) -> dict[str, tuple[tuple[str, ...], tuple[float, ...]]]:
    table = {}
    for kind, excluded in _NOT_FOR.items():
        names = tuple(name for name in _ALL_BLOCKS if name not in excluded | exclude)
        table[kind] = (names, tuple(_ALL_BLOCKS[name] for name in names))
    return table


_BLOCKS = _block_table(set())
_ONE_CLAIM_BLOCKS = _block_table(_TWO_CLAIMS)
_LEDE_BLOCKS = _block_table(set(_ALL_BLOCKS) - set(_LEDE))


class Made(NamedTuple):
    id: str
    title: str
    outlet: str
    author: str | None
    published: dt.date
    url: str
    text: str
    claims: list[Draft]


def _assemble(title: str, byline: str, paras: list[Para]) -> tuple[str, list[Draft]]:
    """The article text, and its claims at their offsets in it, in text order."""
    chunks = [title, "\n\n", byline]
    offset = len(title) + 2 + len(byline)
    drafts: list[Draft] = []
    for para in paras:
        chunks.append("\n\n")
        offset += 2
        for claim in para.claims:
            claim.start += offset
            drafts.append(claim)
        chunks.extend(para.parts)
        offset += para.length
    chunks.append("\n")
    drafts.sort(key=lambda d: (d.start, -len(d.quote)))
    return "".join(chunks), drafts


def claims_yaml(made: Made, ids: Sequence[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/claims-file.schema.json",
        "article:",
        f"  id: {yaml_slug(made.id)}",
        f"  title: {yaml_str(made.title)}",
        f"  outlet: {yaml_slug(made.outlet)}",
    ]
    if made.author:
        lines.append(f"  author: {yaml_str(made.author)}")
    lines += [
        f"  published: {made.published.isoformat()}",
        f"  url: {yaml_str(made.url)}",
        f"  text: {_text_name(made.id)}",
    ]
    lines.append("claims:")
    for claim_id_, claim in zip(ids, made.claims, strict=True):
        lines += _claim_lines(claim_id_, claim)
    return "\n".join(lines) + "\n"


def _claim_lines(identifier: str, claim: Draft) -> list[str]:
    lines = [
        f"- id: {identifier}",
        f"  kind: {claim.kind}",
        f"  quote: {yaml_str(claim.quote)}",
        f"  start: {claim.start}",
        f"  end: {claim.start + len(claim.quote)}",
        f"  speaker: {yaml_slug(claim.speaker)}",
        f"  speaker_label: {yaml_str(claim.label)}",
        f"  verb: {yaml_str(claim.verb)}",
    ]
    if claim.via:
        lines.append(f"  via: {yaml_slug(claim.via)}")
    when = claim.when
    if when is None:
        lines.append("  said_precision: unknown")
        return lines
    lines.append(f"  said_from: {when.start.isoformat()}")
    if when.end != when.start:
        lines.append(f"  said_to: {when.end.isoformat()}")
    lines += [f"  said_precision: {when.precision}", f"  said_phrase: {yaml_str(when.phrase)}"]
    return lines


# --- Writing the corpus -----------------------------------------------------------------------------------------


class Written(NamedTuple):
    index: int
    article_id: str
    ids: tuple[int, ...]  # the claim ids as numbers, to find collisions across articles
    claims: int
    size: int


def article_files(world_: World, index: int, salt: int = 0) -> tuple[Made, list[str]]:
    """An article and its claim ids; made again with other text while two of its own ids collide."""
    while True:
        made = Article(world_, index, salt).make()
        ids = [claim_id(made.id, claim.kind, claim.quote) for claim in made.claims]
        if len(set(ids)) == len(ids):
            return made, ids
        salt += 1


def write_article(world_: World, directory: Path, index: int, salt: int = 0) -> Written:
    made, ids = article_files(world_, index, salt)
    text = made.text.encode()
    claims = claims_yaml(made, ids).encode()
    (directory / f"{made.id}.txt").write_bytes(text)
    (directory / f"{made.id}.claims.yml").write_bytes(claims)
    numbers = tuple(int(identifier[2:], 16) for identifier in ids)
    return Written(index, made.id, numbers, len(ids), len(text) + len(claims))


def settle(world_: World, directory: Path, written: Written, seen: set[int]) -> Written:
    """Keep an article whose claim ids no earlier article has; else make it again with other text."""
    salt = 0
    while seen.intersection(written.ids):
        for suffix in (".txt", ".claims.yml"):
            (directory / f"{written.article_id}{suffix}").unlink()
        salt += 1
        written = write_article(world_, directory, written.index, salt * 1_000_003)
    seen.update(written.ids)
    return written


@dataclass
class _Job:
    seed: int
    speakers: int
    directory: Path


_JOB: list[_Job] = []


def _start_worker(job: _Job) -> None:
    _JOB[:] = [job]
    world(job.seed, job.speakers)


def _write_one(index: int) -> Written:
    job = _JOB[0]
    return write_article(world(job.seed, job.speakers), job.directory, index)


def _written(job: _Job, articles: int, jobs: int) -> Iterator[Written]:
    """Every article written, in index order, on `jobs` processes."""
    if jobs == 1:
        _start_worker(job)
        yield from map(_write_one, range(articles))
        return
    chunk = max(1, min(64, articles // (jobs * 8)))
    with Pool(jobs, _start_worker, (job,)) as pool:
        yield from pool.imap(_write_one, range(articles), chunk)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def generate(
    out: Path,
    articles: int,
    seed: int = 0,
    jobs: int | None = None,
    *,
    speakers: int = DEFAULT_SPEAKERS,
    overwrite: bool = False,
) -> dict[str, int]:
    """Write a corpus of `articles` articles into `out`; return how many articles, claims, speakers and outlets
    it has and its size in bytes. `out/articles` must be empty unless `overwrite`, which empties it first."""
    if articles < 1:
        raise ValueError("articles must be at least 1")
    if speakers < 100:
        raise ValueError("speakers must be at least 100")
    out = Path(out)
    directory = out / "articles"
    _prepare(directory, overwrite)
    world_ = world(seed, speakers)
    size = 0
    for name, text in (
        ("outlets.yml", outlets_yaml(seed, world_.outlets)),
        ("speakers.yml", speakers_yaml(seed, world_.speakers)),
    ):
        data = text.encode()
        (out / name).write_bytes(data)
        size += len(data)
    seen: set[int] = set()
    claims = 0
    job = _Job(seed, speakers, directory)
    for written in _written(job, articles, jobs or _cores()):
        settled = settle(world_, directory, written, seen)
        claims += settled.claims
        size += settled.size
    return {
        "articles": articles,
        "claims": claims,
        "speakers": len(world_.speakers),
        "outlets": len(world_.outlets),
        "bytes": size,
    }


def _prepare(directory: Path, overwrite: bool) -> None:
    if directory.is_dir() and any(directory.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{directory} is not empty (use --force to replace its articles)")
        for path in directory.iterdir():
            if path.name.endswith((".txt", ".claims.yml")) and path.is_file():
                path.unlink()
    directory.mkdir(parents=True, exist_ok=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument("--speakers", type=int, default=DEFAULT_SPEAKERS, help="size of the speaker registry")
    parser.add_argument("--force", action="store_true", help="replace the articles already in OUT/articles")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(args.out, args.articles, args.seed, args.jobs, speakers=args.speakers, overwrite=args.force)
    except (FileExistsError, ValueError) as error:
        parser.error(str(error))
    counts["seconds"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
